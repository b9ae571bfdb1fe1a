using System.Collections.Concurrent;
using Hpo.Worker.Protocol;

namespace Hpo.Worker.Training;

/// <summary>
/// The dispatches a node holds right now, waiting for a slot or training, as its trial entities record them;
/// announced with the node's capacity so the coordinator can tell a queued rung from a lost one.
/// </summary>
public sealed class DispatchBook
{
    private readonly ConcurrentDictionary<(string Sweep, int Trial, long Dispatch), bool> _held = new();

    public int Count => _held.Count;

    /// <summary>The node accepted the dispatch (it waits for a slot, or for the trial's current rung).</summary>
    public void Hold(TrainTrial dispatch) => _held.TryAdd(Key(dispatch), false);

    /// <summary>The dispatch got a slot; a dispatch dropped meanwhile stays dropped.</summary>
    public void MarkStarted(TrainTrial dispatch) => _held.TryUpdate(Key(dispatch), true, false);

    /// <summary>The dispatch ended (answered, failed, cancelled) or was given up.</summary>
    public void Drop(TrainTrial dispatch) => _held.TryRemove(Key(dispatch), out _);

    public IReadOnlyList<HeldDispatch> Snapshot() =>
        _held.Select(kv => new HeldDispatch(kv.Key.Sweep, kv.Key.Trial, kv.Key.Dispatch, kv.Value))
            .OrderBy(h => h.SweepId, StringComparer.Ordinal).ThenBy(h => h.TrialId).ThenBy(h => h.Dispatch)
            .ToList();

    private static (string, int, long) Key(TrainTrial d) => (d.SweepId, d.TrialId, d.Dispatch);
}
