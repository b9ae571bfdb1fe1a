using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;
using Hpo.Worker.Cluster;

namespace Hpo.Coordinator.Cluster;

/// <summary>
/// The sweeps of the cluster (a cluster singleton on the coordinator role; persistence id <c>hpo-sweeps</c>):
/// it names and records each accepted sweep, keeps a <see cref="SweepActor"/> child per sweep (started again
/// after a restart, so unfinished sweeps resume), tells them which worker nodes were lost, shares the nodes' slots
/// between them (a <see cref="SlotLedger"/> decides, from the nodes' announcements and the sweeps' usage reports;
/// each sweep is sent its <see cref="SlotShare"/>), and routes the API's requests to them.
/// </summary>
public sealed class SweepRegistry : ReceivePersistentActor, IWithTimers
{
    private static readonly Regex IdPattern = new("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant);
    private readonly IActorRef _trials;
    private readonly SweepRegistryOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<SweepRegistered> _sweeps = [];
    private readonly Dictionary<string, IActorRef> _children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeCapacity> _capacity = new(StringComparer.Ordinal);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refusedSimulated = new(StringComparer.Ordinal);
    private readonly SlotLedger _ledger;

    private sealed record Restart(string SweepId);

    public SweepRegistry(IActorRef trials, SweepRegistryOptions options)
    {
        _trials = trials;
        _options = options;
        _ledger = new SlotLedger(options.SlotPolicy);

        Recover<SweepRegistered>(r => _sweeps.Add(r));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_options.HoldRecoveredSweeps) _held.UnionWith(_sweeps.Select(s => s.SweepId));
            foreach (var s in _sweeps) Child(s.SweepId);
            if (_sweeps.Count > 0) _log.Info("sweep registry recovered {0} sweeps", _sweeps.Count);
        });

        Command<SubmitSweep>(Submit);
        Command<ISweepRequest>(r =>
        {
            if (r is ResumeSweep) _held.Remove(r.SweepId);
            if (_children.TryGetValue(r.SweepId, out var child)) child.Forward(r);
            else Sender.Tell(new SweepNotFound(r.SweepId));
        });
        Command<ListSweeps>(_ => List());
        Command<NodeCapacity>(n =>
        {
            if (n.Simulated && !_options.AcceptSimulatedWorkers)
            {
                if (_refusedSimulated.Add(n.Node))
                    _log.Warning("node {0} simulates its training (--simulate): it gets no trials, since this coordinator does not accept " +
                                 "simulated workers (Hpo:Coordinator:AcceptSimulatedWorkers)", n.Node);
                return;
            }
            if (n.Slots > 0) _capacity[n.Node] = n;
            else _capacity.Remove(n.Node);
            _ledger.OnNodeCapacity(n.Node, n.Slots, n.Queue, n.Held.ToCore());
            foreach (var child in _children.Values) child.Tell(n);
            Share();
        });
        Command<SweepUsage>(u =>
        {
            _ledger.OnUsage(u, DateTimeOffset.UtcNow);
            Share();
        });
        Command<ClusterEvent.UnreachableMember>(m => Lost(m.Member.UniqueAddress));
        Command<ClusterEvent.MemberRemoved>(m => Lost(m.Member.UniqueAddress));
        Command<ClusterEvent.IMemberEvent>(_ => { });
        Command<ClusterEvent.ReachableMember>(_ => { });
        Command<ClusterEvent.CurrentClusterState>(_ => { });
        Command<SubscribeAck>(_ => { });
        Command<SweepEnded>(e =>
        {
            _ledger.OnEnded(e.SweepId);
            Share();
        });
        Command<Terminated>(t =>
        {
            var id = _children.FirstOrDefault(kv => kv.Value.Equals(t.ActorRef)).Key;
            if (id is null) return;
            _children.Remove(id);
            _ledger.OnEnded(id);
            Share();
            _log.Warning("sweep {0} stopped; starting it again from its journal in {1}", id, _options.RestartDelay);
            Timers.StartSingleTimer("restart-" + id, new Restart(id), _options.RestartDelay);
        });
        Command<Restart>(r =>
        {
            if (!_children.ContainsKey(r.SweepId)) Child(r.SweepId);
        });
    }

    public static Props Props(IActorRef trials, SweepRegistryOptions options) =>
        Akka.Actor.Props.Create(() => new SweepRegistry(trials, options));

    public const string Id = "hpo-sweeps";

    public override string PersistenceId => Id;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        if (_options.CapacityTopic is { } topic)
            DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(topic, Self));
        if (_options.FollowCluster)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
    }

    protected override void PostStop()
    {
        if (_options.FollowCluster) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>
    /// Parses (unless the sender did) and journals a sweep. Parsing applies every bound of <see cref="SpecLimits"/>;
    /// the data check (<see cref="DataPreflight"/>) is left to the senders, <c>hpo run</c> and <c>POST /sweeps</c>,
    /// because it reads a file of up to 1 GiB and this singleton's mailbox must not wait on it.
    /// </summary>
    private void Submit(SubmitSweep submit)
    {
        SweepSpec spec;
        try
        {
            spec = submit.Spec ?? SweepSpecParser.Parse(submit.SpecText, submit.SourceName, submit.BaseDirectory);
        }
        catch (SpecException e)
        {
            Sender.Tell(Rejected(e));
            return;
        }
        string id;
        if (submit.SweepId is { } requested)
        {
            if (!IdPattern.IsMatch(requested))
            {
                Sender.Tell(new SweepRejected($"a sweep id is 1 to 63 lower-case letters, digits, '-' or '_' (got '{requested}')", []));
                return;
            }
            if (_sweeps.Any(s => s.SweepId == requested))
            {
                Sender.Tell(new SweepRejected($"a sweep named {requested} exists already", []));
                return;
            }
            id = requested;
        }
        else
        {
            id = NewId(spec.Name ?? Path.GetFileNameWithoutExtension(submit.SourceName));
        }
        var now = DateTimeOffset.UtcNow;
        var sender = Sender;
        Persist(new SweepRegistered(id, spec.Name, now), registered =>
        {
            _sweeps.Add(registered);
            var child = Child(id);
            // The sweep persists its creation, then answers (accepted) to the submitter.
            child.Tell(new StartSweep(new SweepCreated(id, submit.SpecText, submit.SourceName, submit.BaseDirectory, now), spec), sender);
        });
    }

    public static SweepRejected Rejected(SpecException e) =>
        new(e.Message, e.Errors.Select(x => new SpecErrorInfo(x.Path, x.Line, x.Column, x.Message)).ToArray());

    /// <summary>The next free id of a name: its slug, then -2, -3, ...</summary>
    private string NewId(string? name)
    {
        var slug = Slug(name);
        if (_sweeps.All(s => s.SweepId != slug)) return slug;
        for (int n = 2; ; n++)
        {
            var id = $"{slug}-{n}";
            if (_sweeps.All(s => s.SweepId != id)) return id;
        }
    }

    public static string Slug(string? name)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in (name ?? "").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') text.Append(c);
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
            if (text.Length >= 48) break;
        }
        var slug = text.ToString().Trim('-', '_');
        return slug.Length == 0 ? "sweep" : slug;
    }

    private IActorRef Child(string id)
    {
        var options = _held.Contains(id) ? _options.Sweep with { StartHeld = true } : _options.Sweep;
        var child = Context.ActorOf(SweepActor.Props(id, _trials, options), "sweep-" + id);
        Context.Watch(child);
        _children[id] = child;
        // Its share first: a sweep that has one dispatches within it, never to a node's announced slots.
        _ledger.Join(id);
        Share();
        foreach (var n in _capacity.Values) child.Tell(n);
        return child;
    }

    /// <summary>Sends each sweep whose share of the cluster changed its new one.</summary>
    private void Share()
    {
        foreach (var share in _ledger.Rebalance())
            if (_children.TryGetValue(share.SweepId, out var child)) child.Tell(share);
    }

    /// <summary>A member left or is unreachable: the sweeps' trials on it go elsewhere (it may announce itself again).</summary>
    private void Lost(UniqueAddress member)
    {
        var node = WorkerNode.Id(member);
        _capacity.Remove(node);
        _ledger.OnNodeLost(node);
        Share();
        foreach (var child in _children.Values)
            child.Tell(new NodeLost(node));
    }

    private void List()
    {
        var sender = Sender;
        var asks = _sweeps.Select(s => _children.TryGetValue(s.SweepId, out var child)
            ? child.Ask<object>(ListSweepsItem.Instance, _options.QueryTimeout)
            : Task.FromResult<object>(new SweepNotFound(s.SweepId))).ToArray();
        Task.WhenAll(asks).ContinueWith(t =>
        {
            if (!t.IsCompletedSuccessfully) return (object)new Status.Failure(t.Exception?.GetBaseException() ?? new TimeoutException());
            return new SweepList(t.Result.OfType<SweepStatus>().ToArray());
        }, TaskScheduler.Default).PipeTo(sender);
    }
}
