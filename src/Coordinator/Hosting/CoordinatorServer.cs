using Hpo.Coordinator.Api;
using Hpo.Coordinator.Persistence;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hpo.Coordinator.Hosting;

/// <summary>A running coordinator: its web application (the cluster member and the HTTP API) and the API's address.</summary>
public sealed class CoordinatorServer : IAsyncDisposable
{
    private readonly DataDirectoryLock? _lock;

    private CoordinatorServer(WebApplication app, string url, DataDirectoryLock? hold)
    {
        App = app;
        Url = url;
        _lock = hold;
    }

    /// <summary>The web application.</summary>
    public WebApplication App { get; }

    /// <summary>The API's address, with the port it really got.</summary>
    public string Url { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>Checks the journal, then starts the cluster member and the API (port 0 in the URL: any free port).</summary>
    public static async Task<CoordinatorServer> StartAsync(CoordinatorNodeSettings settings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var hold = DataDirectoryLock.Acquire(settings.Journal, "hpo serve");
        try
        {
            return await StartAsync(settings, hold, cancellation).ConfigureAwait(false);
        }
        catch
        {
            hold?.Dispose();
            throw;
        }
    }

    private static async Task<CoordinatorServer> StartAsync(CoordinatorNodeSettings settings, DataDirectoryLock? hold, CancellationToken cancellation)
    {
        await JournalProbe.CheckAtStartAsync(settings.Journal, TimeSpan.FromSeconds(10), cancellation).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(settings.Coordinator.Http);
        Node.Hosting.HpoLogging.Configure(builder.Logging, settings.LogLevel);
        CoordinatorNode.AddAkka(builder.Services, settings);
        builder.Services.AddHpoMetrics(HpoRoles.Coordinator);
        var app = builder.Build();
        ProtectApi(app, settings.Coordinator);
        app.MapHpoMetrics();
        app.MapHpoApi(new ApiOptions
        {
            DataDirectory = settings.Node.DataDirectory,
            Checkpoints = WorkerHosting.CreateCheckpointStore(settings.Node.Worker, settings.Node.DataDirectory, settings.Node.Storage),
            Journal = settings.Journal,
        });
        await app.StartAsync(cancellation).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? settings.Coordinator.Http;
        return new CoordinatorServer(app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal), hold);
    }

    private static void ProtectApi(WebApplication app, CoordinatorOptions options)
    {
        if (options.RequiredToken is { } token) app.UseHpoApiToken(new ApiToken(token));
        else if (options.OpenBeyondLoopback)
            app.Logger.LogWarning("the API on {Http} has no token (Hpo:Coordinator:AllowAnonymous): anyone who reaches it can submit, cancel and download", options.Http);
    }

    /// <summary>Stops the member (leaving the cluster) and the API.</summary>
    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(stopping.Token).ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
    }
}
