using Akka.Hosting;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// hpo-worker: a worker node. It joins the cluster at the given seeds (or founds one), trains the trials the
// coordinator places on it, and leaves the cluster cleanly on SIGTERM or Ctrl+C (coordinated shutdown).
Dictionary<string, string?>? flags;
try
{
    flags = WorkerCommandLine.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"hpo-worker: {e.Message}");
    Console.Error.WriteLine(WorkerCommandLine.Usage);
    return 2;
}
if (flags is null)
{
    Console.WriteLine(WorkerCommandLine.Usage);
    return 0;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Configuration.AddInMemoryCollection(flags);

// Settings are checked before anything starts: a bad one ends in one line and exit code 2.
HpoClusterOptions cluster;
WorkerOptions worker;
try
{
    cluster = builder.Configuration.GetSection(HpoClusterOptions.Section).Get<HpoClusterOptions>() ?? new HpoClusterOptions();
    worker = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"hpo-worker: bad settings: {e.Message}");
    return 2;
}
var errors = cluster.Validate().Concat(worker.Validate()).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine($"hpo-worker: bad settings: {string.Join("; ", errors)}");
    return 2;
}

builder.Services.AddHpoWorkerOptions(builder.Configuration);
builder.Services.AddAkka(cluster.SystemName, akka =>
    akka.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLoggerFactory();
        })
        .WithHpoCluster(cluster, HpoRoles.Worker)
        .WithHpoWorker(worker));

using var host = builder.Build();
await host.RunAsync();
return 0;
