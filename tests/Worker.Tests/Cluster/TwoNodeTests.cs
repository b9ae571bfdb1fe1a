using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Hpo.Node.Hosting;
using Hpo.Protocol;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hpo.Worker.Tests.Cluster;

/// <summary>
/// Two worker hosts in one test process: this test's system (node A, founding the cluster on a free port) and a
/// second host (node B) that joins it. Trials go where the coordinator's choice of node says.
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit("hpo", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("hpo-two-").FullName;

    private static WorkerOptions Options(int slots) =>
        new() { Slots = slots, CapacityInterval = TimeSpan.FromMilliseconds(300) };

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithHpoCluster(new HpoClusterOptions(), HpoRoles.Worker).WithHpoWorker(Options(1), _root);

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<IHost> StartNodeB()
    {
        var seed = Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddAkka("hpo", akka => akka
            .WithHpoCluster(new HpoClusterOptions { Seeds = [seed] }, HpoRoles.Worker)
            .WithHpoWorker(Options(2), _root));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task A_trial_dispatched_to_node_B_trains_on_B_and_its_next_rung_continues_on_A()
    {
        var region = await ActorRegistry.GetAsync<TrialRegion>();
        var capacity = CreateTestProbe();
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(TrialRegion.CapacityTopic, capacity.Ref));
        using var nodeB = await StartNodeB();
        try
        {
            var systemB = nodeB.Services.GetRequiredService<ActorSystem>();
            string a = WorkerNode.Of(Sys), b = WorkerNode.Of(systemB);
            Assert.NotEqual(a, b);

            // B is announced (with its own slots) once its region is registered: then it can be chosen.
            var announced = (NodeCapacity)capacity.FishForMessage(m => m is NodeCapacity n && n.Node == b, Patience);
            Assert.Equal(2, announced.Slots);

            var probe = CreateTestProbe();
            var plan = TestPlans.Moons();
            region.Tell(TestPlans.Rung(plan, 0, 3, dispatch: 1, node: b, replyTo: probe.Ref));
            var onB = Receive(probe, out var doneOnB);
            region.Tell(TestPlans.Rung(plan, 3, 6, dispatch: 2, node: a, replyTo: probe.Ref));
            var onA = Receive(probe, out var doneOnA);

            Assert.All(onB, r => Assert.Equal(b, r.Node));
            Assert.Equal(b, doneOnB.Node);
            Assert.All(onA, r => Assert.Equal(a, r.Node));
            Assert.Equal((3, 6), (doneOnB.Epoch, doneOnA.Epoch));

            // Node A continued B's model from the shared checkpoint directory: the curve is one uninterrupted run.
            var straight = new List<EpochReport>();
            await new Hpo.Worker.Training.TrialTrainer("x", new Hpo.Worker.Training.DatasetCache((string?)null),
                    new Hpo.Worker.Checkpoints.DirectoryCheckpointStore(Path.Combine(_root, "straight")))
                .TrainAsync(TestPlans.Rung(plan, 0, 6), null, straight.Add);
            Assert.Equal(straight.Select(r => r.Metrics.ValLoss), onB.Concat(onA).Select(r => r.Metrics.ValLoss));
        }
        finally
        {
            await nodeB.StopAsync();
        }
    }

    [Fact]
    public async Task A_coordinator_only_node_dispatches_through_the_proxy_over_the_wire()
    {
        await ActorRegistry.GetAsync<TrialRegion>();
        var seed = Akka.Cluster.Cluster.Get(Sys).SelfAddress;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Services.AddAkka("hpo", akka => akka
            .WithHpoCluster(new HpoClusterOptions { Seeds = [seed.ToString()] }, HpoRoles.Coordinator)
            .WithHpoTrialProxy());
        using var coordinator = builder.Build();
        await coordinator.StartAsync();
        try
        {
            var systemC = coordinator.Services.GetRequiredService<ActorSystem>();
            var proxy = await coordinator.Services.GetRequiredService<ActorRegistry>().GetAsync<TrialRegion>();
            var probe = CreateTestProbe();
            // The reply address as the coordinator node sees it: a remote reference to the probe on this node.
            var replyTo = await systemC.ActorSelection(new RootActorPath(seed) / probe.Ref.Path.Elements).ResolveOne(Patience);

            proxy.Tell(TestPlans.Rung(TestPlans.Moons(), 0, 2, dispatch: 4, trial: 9, node: WorkerNode.Of(Sys), replyTo: replyTo));
            var reports = Receive(probe, out var done);

            Assert.Equal([1, 2], reports.Select(r => r.Epoch));
            Assert.Equal((9, 4L, 2, WorkerNode.Of(Sys)), (done.TrialId, done.Dispatch, done.Epoch, done.Node));
        }
        finally
        {
            await coordinator.StopAsync();
        }
    }

    private static List<EpochReport> Receive(Akka.TestKit.TestProbe probe, out RungCompleted done)
    {
        var reports = new List<EpochReport>();
        while (true)
        {
            switch (probe.ExpectMsg<IProtocolMessage>(Patience))
            {
                case EpochReport r:
                    reports.Add(r);
                    break;
                case RungCompleted c:
                    done = c;
                    return reports;
                case var other:
                    Assert.Fail($"unexpected {other}");
                    break;
            }
        }
    }
}
