using Hpo.Sweeps.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hpo.Coordinator.Api;

/// <summary>
/// Asks every request for the API token, but the probes and the metrics (<see cref="Open"/>): deny by default, so that
/// an endpoint added later (<c>/datasets</c>, ...) is covered without being listed. A refusal is 401 with
/// <c>WWW-Authenticate: Bearer</c> and the API's usual <c>{"error": ...}</c> body.
/// </summary>
public static class ApiTokenMiddleware
{
    /// <summary>The paths answered without a token: liveness, readiness (kubelet) and /metrics (Prometheus).</summary>
    public static readonly IReadOnlySet<string> Open = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "/healthz", "/readyz", "/metrics" };

    /// <summary>Requires <paramref name="token"/> on every request but <see cref="Open"/>'s.</summary>
    public static IApplicationBuilder UseHpoApiToken(this IApplicationBuilder app, ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return app.Use(async (context, next) =>
        {
            if (Open.Contains(context.Request.Path.Value?.TrimEnd('/') ?? "") || token.Accepts(context.Request.Headers.Authorization))
            {
                await next(context);
                return;
            }
            var why = context.Request.Headers.Authorization.Count == 0
                ? "this API needs a token: Authorization: Bearer TOKEN (hpo: --token or HPO__COORDINATOR__APITOKEN)"
                : "the API token was refused";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new SweepApi.ErrorAnswer(why), JournalJson.Options));
        });
    }
}
