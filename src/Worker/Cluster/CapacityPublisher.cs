using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Hpo.Node.Hosting;
using Hpo.Protocol;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Announces the node's <see cref="NodeCapacity"/> on the <see cref="TrialRegion.CapacityTopic"/> topic: first
/// once the node's trial region is registered with the shard coordinator (so a trial dispatched to the node finds
/// its region), then every <see cref="WorkerOptions.CapacityInterval"/> with the dispatches the node holds; when
/// the node shuts down, it announces no slots.
/// </summary>
public sealed class CapacityPublisher : ReceiveActor, IWithTimers
{
    private readonly WorkerRuntime _runtime;
    private readonly IActorRef _region;
    private readonly IActorRef _mediator;
    private readonly Address _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CapacityPublisher(WorkerRuntime runtime, IActorRef region)
    {
        _runtime = runtime;
        _region = region;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        Waiting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkerRuntime runtime, IActorRef region) =>
        Akka.Actor.Props.Create(() => new CapacityPublisher(runtime, region));

    /// <summary>The announcement this node makes now.</summary>
    public NodeCapacity Current() => _runtime.Leaving.IsCancellationRequested
        ? Leaving(_runtime)
        : new(_runtime.Node, _runtime.Slots.Size, _runtime.Slots.Running + _runtime.Slots.Waiting,
            _runtime.Options.QueuedRungsOrDefault, _runtime.Dispatches.Snapshot(), Simulated: _runtime.Options.Simulate);

    private static NodeCapacity Leaving(WorkerRuntime runtime) =>
        new(runtime.Node, 0, runtime.Slots.Running + runtime.Slots.Waiting, 0, runtime.Dispatches.Snapshot(), Leaving: true,
            Simulated: runtime.Options.Simulate);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class CheckRegistered
    {
        public static readonly CheckRegistered Instance = new();
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("registered", CheckRegistered.Instance, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        var mediator = _mediator;
        var node = _runtime.Node;
        var runtime = _runtime;
        var log = _log;
        var shutdown = CoordinatedShutdown.Get(Context.System);
        // First, while the node is still a member: no new work, and the running rungs stop at the end of their epoch,
        // store their models and hand back, so another node continues them with no epoch lost or trained twice.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "hpo-hand-back", async () =>
        {
            runtime.BeginLeaving();
            mediator.Tell(new Publish(TrialRegion.CapacityTopic, Leaving(runtime)));
            var deadline = DateTime.UtcNow + runtime.Options.DrainTimeout;
            while (runtime.Slots.Running + runtime.Slots.Waiting > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(50).ConfigureAwait(false);
            if (runtime.Slots.Running > 0)
                log.Warning("Node {0}: {1} rungs still training after {2}; leaving without them", node, runtime.Slots.Running, runtime.Options.DrainTimeout);
            return Akka.Done.Instance;
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "hpo-capacity-none", () =>
        {
            mediator.Tell(new Publish(TrialRegion.CapacityTopic, new NodeCapacity(node, 0, 0)));
            return Task.FromResult(Akka.Done.Instance);
        });
    }


    private void Waiting()
    {
        Receive<CheckRegistered>(_ =>
            _region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(2))
                .PipeTo(Self, failure: _ => new CurrentRegions(System.Collections.Immutable.ImmutableHashSet<Address>.Empty)));
        Receive<CurrentRegions>(regions =>
        {
            if (!regions.Regions.Contains(_self)) return;
            _log.Info("Node {0}: trial region registered; announcing {1} training slots", _runtime.Node, _runtime.Slots.Size);
            Timers.Cancel("registered");
            Timers.StartPeriodicTimer("tick", Tick.Instance, _runtime.Options.CapacityInterval);
            Become(Announcing);
            Publish();
        });
        Receive<Tick>(_ => { });
    }

    private void Announcing()
    {
        Receive<Tick>(_ => Publish());
        Receive<CheckRegistered>(_ => { });
        Receive<CurrentRegions>(_ => { });
    }

    private void Publish() => _mediator.Tell(new Publish(TrialRegion.CapacityTopic, Current()));
}
