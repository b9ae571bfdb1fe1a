using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Sweeps.Journal;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.Hosting;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A journal that holds a sweep today's build cannot build (written by hand, with the coordinator's serializer, as an
/// older build would have): the coordinator starts, serves the API, shows that sweep broken with its reason, and
/// the journal's other sweeps as they were.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UnbuildableSweepTests
{
    private static readonly string Good = SmallSweep.Named("good");

    /// <summary>A key today's parser does not know (say, from a newer or older build).</summary>
    private static readonly string Unbuildable = Good.Replace("name: good", "name: old\nwarp_drive: engaged", StringComparison.Ordinal);

    /// <summary>Persists the given events, after whatever its persistence id holds already.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object[] events)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<string>(_ =>
            {
                var replyTo = Sender;
                PersistAll(events, _ => { });
                DeferAsync("written", done => replyTo.Tell(done));
            });
        }

        public override string PersistenceId { get; }
    }

    private static async Task WriteAsync(JournalDatabase journal, params (string PersistenceId, object[] Events)[] streams)
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddAkka("writer", b => b.WithHpoPersistence(journal)))
            .Build();
        await host.StartAsync();
        var system = (ActorSystem)host.Services.GetService(typeof(ActorSystem))!;
        foreach (var (id, events) in streams)
        {
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(id, events)));
            Assert.Equal("written", await writer.Ask<string>("write", TimeSpan.FromSeconds(30)));
        }
        await host.StopAsync();
    }

    [Fact]
    public async Task A_coordinator_whose_journal_holds_an_unbuildable_sweep_starts_serves_and_shows_it_broken_with_its_reason()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var run = await CliRun.Of("run", dir.Write("good.yaml", Good), "--data-dir", data, "--simulate");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var journal = new JournalDatabase { DataDirectory = data };
        var at = DateTimeOffset.UtcNow;
        await WriteAsync(journal,
            (SweepRegistry.Id, [new SweepRegistered("old", "old", at)]),
            (SweepActor.PersistenceIdOf("old"), [new SweepCreated("old", Unbuildable, "old.yaml", null, at)]));

        await using var server = await CoordinatorServer.StartAsync(new CoordinatorNodeSettings
        {
            Node = new NodeSettings { DataDirectory = data },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0" },
        }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };

        JsonArray sweeps = [];
        await Eventually.Until(async () =>
        {
            using var ready = await http.GetAsync("readyz");
            sweeps = JsonNode.Parse(await http.GetStringAsync("sweeps"))!.AsArray();
            return ready.IsSuccessStatusCode && sweeps.Count == 2;
        }, "the coordinator is ready and lists both sweeps");

        var old = sweeps.Single(s => (string?)s!["id"] == "old")!;
        Assert.Equal("broken", (string?)old["state"]);
        Assert.Contains("warp_drive", (string?)old["error"], StringComparison.Ordinal);
        var good = sweeps.Single(s => (string?)s!["id"] == "good")!;
        Assert.Equal("finished", (string?)good["state"]);
        Assert.Equal(3, (int)good["trials"]!);
        var one = JsonNode.Parse(await http.GetStringAsync("sweeps/old"))!;
        Assert.Equal("broken", (string?)one["state"]);
    }
}
