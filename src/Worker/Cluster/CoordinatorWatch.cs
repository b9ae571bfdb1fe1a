using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Hpo.Node.Hosting;

namespace Hpo.Worker.Cluster;

/// <summary>
/// A worker's watch on its cluster's coordinator: feeds the membership and reachability events to a
/// <see cref="CoordinatorPresence"/> and, once that says the coordinator has been gone long enough, calls
/// <c>rejoin</c> once with the reason (the process then replaces its node with one that joins the seeds again).
/// </summary>
public sealed class CoordinatorWatch : ReceiveActor, IWithTimers
{
    private readonly CoordinatorPresence _presence;
    private readonly Action<string> _rejoin;
    private readonly Func<DateTimeOffset> _clock;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CoordinatorWatch(CoordinatorPresence presence, Action<string> rejoin, Func<DateTimeOffset> clock)
    {
        _presence = presence;
        _rejoin = rejoin;
        _clock = clock;
        Receive<ClusterEvent.IMemberEvent>(OnMember);
        Receive<ClusterEvent.UnreachableMember>(e => Reachability(e.Member, reachable: false));
        Receive<ClusterEvent.ReachableMember>(e => Reachability(e.Member, reachable: true));
        Receive<Check>(_ => OnCheck());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The name of the watch under /user.</summary>
    public const string Name = "hpo-coordinator-watch";

    public static Props Props(CoordinatorPresence presence, Action<string> rejoin, Func<DateTimeOffset>? clock = null) =>
        Akka.Actor.Props.Create(() => new CoordinatorWatch(presence, rejoin, clock ?? (() => DateTimeOffset.UtcNow)));

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("check", Check.Instance, TimeSpan.FromSeconds(1));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnMember(ClusterEvent.IMemberEvent e)
    {
        var member = e.Member;
        var now = _clock();
        if (e is ClusterEvent.MemberUp && member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) _presence.SelfUp(now);
        if (!member.HasRole(HpoRoles.Coordinator)) return;
        switch (e)
        {
            case ClusterEvent.MemberUp:
                _presence.CoordinatorUp(member.UniqueAddress, now);
                break;
            case ClusterEvent.MemberLeft or ClusterEvent.MemberExited or ClusterEvent.MemberDowned or ClusterEvent.MemberRemoved:
                _presence.CoordinatorGone(member.UniqueAddress, now);
                break;
        }
    }

    private void Reachability(Member member, bool reachable)
    {
        if (member.HasRole(HpoRoles.Coordinator)) _presence.Reachability(member.UniqueAddress, reachable, _clock());
    }

    private void OnCheck()
    {
        var now = _clock();
        if (!_presence.ShouldRejoin(now)) return;
        var reason = $"no coordinator in the cluster for {(now - _presence.AbsentSince!.Value).TotalSeconds:0} s";
        _log.Warning("{0}: leaving it to join the seeds again", reason);
        Timers.CancelAll();
        _rejoin(reason);
    }
}
