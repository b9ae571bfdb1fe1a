using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;

namespace Hpo.Node.Telemetry;

/// <summary>
/// <c>hpo_cluster_members</c> by status (up, joining, leaving, exiting, down, removed, weakly up, and unreachable), as
/// this process sees the cluster: every status is a series from the start, at 0 when no member has it. Every
/// process reports it; a dashboard takes the maximum over the processes.
/// </summary>
public sealed class ClusterMetrics : IDisposable
{
    private static readonly string[] Statuses = [.. Enum.GetValues<MemberStatus>().Select(Name), "unreachable"];
    private readonly Meter _meter;

    public ClusterMetrics(ActorSystem system, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        _meter = meters?.Create(HpoMetrics.MeterName) ?? new Meter(HpoMetrics.MeterName);
        _meter.CreateObservableGauge(HpoMetrics.ClusterMembers, () =>
        {
            var state = cluster.State;
            var counts = Statuses.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
            foreach (var member in state.Members) counts[Name(member.Status)]++;
            counts["unreachable"] = state.Unreachable.Count;
            return counts.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key)));
        }, description: "cluster members by status, as this process sees them");
    }

    private static string Name(MemberStatus status) => status switch
    {
        MemberStatus.WeaklyUp => "weakly_up",
        _ => status.ToString().ToLowerInvariant(),
    };

    public void Dispose() => _meter.Dispose();
}
