using System.Collections.Concurrent;
using Hpo.Protocol;

namespace Hpo.Worker.Training;

/// <summary>
/// The dispatches a node holds right now, waiting for a slot or training, as its trial entities record them;
/// announced with the node's capacity so the coordinator can tell a queued rung from a lost one.
/// </summary>
public sealed class DispatchBook
{
    private readonly ConcurrentDictionary<(string Sweep, int Trial, long Dispatch), bool> _held = new();
    private int _peak;

    public int Count => _held.Count;

    /// <summary>
    /// Trials with a dispatch held now. A trial's next rung, sent as its current one reports its last epoch, waits
    /// behind it in the trial's entity and counts once: it needs no slot or queue place of its own.
    /// </summary>
    public int Trials => _held.Keys.Select(k => (k.Sweep, k.Trial)).Distinct().Count();

    /// <summary>The most <see cref="Trials"/> held at once since the node started.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>The node accepted the dispatch (it waits for a slot, or for the trial's current rung).</summary>
    public void Hold(TrainTrial dispatch)
    {
        _held.TryAdd(Key(dispatch), false);
        int trials = Trials, peak;
        while (trials > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, trials, peak) != peak)
        {
        }
    }

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
