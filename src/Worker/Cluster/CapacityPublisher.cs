using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Hpo.Worker.Hosting;
using Hpo.Worker.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Announces the node's <see cref="NodeCapacity"/> on the <see cref="TrialRegion.CapacityTopic"/> topic: first
/// once the node's trial region is registered with the shard coordinator (so a trial dispatched to the node finds
/// its region), then on every change of the slots and every <see cref="WorkerOptions.CapacityInterval"/>; when
/// the node shuts down, it announces no slots.
/// </summary>
public sealed class CapacityPublisher : ReceiveActor, IWithTimers
{
    private readonly WorkerRuntime _runtime;
    private readonly IActorRef _region;
    private readonly IActorRef _mediator;
    private readonly Address _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Action<TrainingSlots> _onChange;
    private NodeCapacity? _last;

    public CapacityPublisher(WorkerRuntime runtime, IActorRef region)
    {
        _runtime = runtime;
        _region = region;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        _self = Akka.Cluster.Cluster.Get(Context.System).SelfAddress;
        var self = Self;
        _onChange = _ => self.Tell(SlotsChanged.Instance);
        Waiting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkerRuntime runtime, IActorRef region) =>
        Akka.Actor.Props.Create(() => new CapacityPublisher(runtime, region));

    /// <summary>The announcement this node makes now.</summary>
    public NodeCapacity Current() =>
        new(_runtime.Node, _runtime.Slots.Size, _runtime.Slots.Running + _runtime.Slots.Waiting);

    private sealed class SlotsChanged
    {
        public static readonly SlotsChanged Instance = new();
    }

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
        _runtime.Slots.Changed += _onChange;
        Timers.StartPeriodicTimer("registered", CheckRegistered.Instance, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        var mediator = _mediator;
        var node = _runtime.Node;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "hpo-capacity-none", () =>
        {
            mediator.Tell(new Publish(TrialRegion.CapacityTopic, new NodeCapacity(node, 0, 0)));
            return Task.FromResult(Akka.Done.Instance);
        });
    }

    protected override void PostStop()
    {
        _runtime.Slots.Changed -= _onChange;
        base.PostStop();
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
            Publish(force: true);
        });
        Receive<SlotsChanged>(_ => { });
        Receive<Tick>(_ => { });
    }

    private void Announcing()
    {
        Receive<SlotsChanged>(_ => Publish(force: false));
        Receive<Tick>(_ => Publish(force: true));
        Receive<CheckRegistered>(_ => { });
        Receive<CurrentRegions>(_ => { });
    }

    private void Publish(bool force)
    {
        var now = Current();
        if (!force && now == _last) return;
        _last = now;
        _mediator.Tell(new Publish(TrialRegion.CapacityTopic, now));
    }
}
