using System.Diagnostics;
using Hpo.TestSupport;

namespace Hpo.Worker.Tests.Hosting;

/// <summary>The worker executable, run as an operator would.</summary>
[Trait("Category", "Integration")]
public sealed class WorkerProcessTests
{
    [Fact]
    public async Task An_unreachable_checkpoint_database_ends_the_worker_with_one_line_and_exit_code_1()
    {
        int port = FreePort.Next(); // nothing listens there
        var run = await RunWorker(new Dictionary<string, string>
            {
                ["HPO__WORKER__CHECKPOINTCONNECTIONSTRING"] = $"Host=127.0.0.1;Port={port};Username=hpo;Password=s3cret-pw;Database=hpo;Timeout=5",
            },
            "--checkpoint-store", "sql", "--checkpoint-provider", "postgresql", "--port", "0");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"hpo-worker: cannot use the checkpoint database (postgresql 127.0.0.1:{port}/hpo): ", line);
        Assert.DoesNotContain("s3cret-pw", run.Stderr + run.Stdout);
        Assert.DoesNotContain(" at ", run.Stdout);
    }

    [Fact]
    public async Task A_sql_store_without_a_connection_string_is_a_bad_setting()
    {
        var run = await RunWorker(new Dictionary<string, string>(), "--checkpoint-store", "sql", "--checkpoint-provider", "sqlite");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("hpo-worker: bad settings: Hpo:Worker:CheckpointConnectionString: the checkpoint connection string is empty", run.Stderr.Trim());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunWorker(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hpo.Worker.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
