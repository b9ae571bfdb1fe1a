using Hpo.Node.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Hpo.Node.Hosting;

/// <summary>
/// OpenTelemetry metrics of an Hpo process: the <see cref="HpoMetrics.MeterName"/> meter, the .NET runtime and the
/// process instruments, exported for Prometheus at <c>/metrics</c>.
/// </summary>
public static class HpoTelemetry
{
    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers the meter provider with the Prometheus exporter; <paramref name="role"/> names the service.</summary>
    public static IServiceCollection AddHpoMetrics(this IServiceCollection services, string role)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("hpo-" + role))
            .WithMetrics(metrics => metrics
                .AddMeter(HpoMetrics.MeterName)
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter());
        return services;
    }

    /// <summary>Serves the metrics at <see cref="MetricsPath"/>.</summary>
    public static IEndpointRouteBuilder MapHpoMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
