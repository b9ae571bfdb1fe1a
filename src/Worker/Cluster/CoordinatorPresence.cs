using Akka.Cluster;

namespace Hpo.Worker.Cluster;

/// <summary>
/// Whether a worker's cluster still has a coordinator, and when the worker should give up on that cluster: a
/// coordinator that was stopped or killed and started again founds a new cluster, which a worker only reaches by
/// joining its seeds again with a new node. The rule: once this node is up, a cluster with no coordinator member
/// that is up and reachable for <see cref="RejoinAfter"/> is left for a new one. A coordinator that is merely slow
/// to answer (unreachable for less than that) or a worker still joining is left alone.
/// </summary>
public sealed class CoordinatorPresence(TimeSpan rejoinAfter)
{
    private readonly HashSet<UniqueAddress> _up = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];
    private bool _selfUp;
    private DateTimeOffset? _absentSince;

    public TimeSpan RejoinAfter { get; } = rejoinAfter > TimeSpan.Zero
        ? rejoinAfter
        : throw new ArgumentOutOfRangeException(nameof(rejoinAfter), rejoinAfter, "must be positive");

    /// <summary>A coordinator member is up and reachable.</summary>
    public bool Present => _up.Any(m => !_unreachable.Contains(m));

    /// <summary>Since when this node has been up without a coordinator (null: a coordinator is present, or this node is not up).</summary>
    public DateTimeOffset? AbsentSince => _absentSince;

    /// <summary>This node became an up member of the cluster.</summary>
    public void SelfUp(DateTimeOffset now)
    {
        _selfUp = true;
        Update(now);
    }

    /// <summary>A member with the coordinator role is up.</summary>
    public void CoordinatorUp(UniqueAddress member, DateTimeOffset now)
    {
        _up.Add(member);
        Update(now);
    }

    /// <summary>A coordinator member is leaving, exiting, downed or removed: it will not coordinate again.</summary>
    public void CoordinatorGone(UniqueAddress member, DateTimeOffset now)
    {
        _up.Remove(member);
        _unreachable.Remove(member);
        Update(now);
    }

    /// <summary>A member's reachability changed (any role: only coordinators count).</summary>
    public void Reachability(UniqueAddress member, bool reachable, DateTimeOffset now)
    {
        if (reachable) _unreachable.Remove(member);
        else _unreachable.Add(member);
        Update(now);
    }

    /// <summary>This node has been up without a coordinator for <see cref="RejoinAfter"/>.</summary>
    public bool ShouldRejoin(DateTimeOffset now) => _absentSince is { } since && now - since >= RejoinAfter;

    private void Update(DateTimeOffset now)
    {
        if (!_selfUp || Present) _absentSince = null;
        else _absentSince ??= now;
    }
}
