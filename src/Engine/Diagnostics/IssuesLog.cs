namespace Hpo.Engine.Diagnostics;

/// <summary>
/// The issues found in a run, one entry per kind in the order they were first seen. A kind seen again
/// keeps its first evidence; its count of epochs and its last epoch are updated.
/// </summary>
public sealed class IssuesLog
{
    private readonly List<TrainingIssue> _entries = [];

    public IReadOnlyList<TrainingIssue> Entries => _entries;

    public bool Contains(IssueKind kind) => IndexOf(kind) >= 0;

    /// <summary>
    /// Records that <paramref name="kind"/> was seen again in <paramref name="epoch"/> when it is already
    /// in the log (and returns true); returns false when it is new, so the caller builds its evidence only then.
    /// </summary>
    public bool Recur(IssueKind kind, int epoch)
    {
        int i = IndexOf(kind);
        if (i < 0) return false;
        var e = _entries[i];
        if (epoch > e.LastEpoch) _entries[i] = e with { Occurrences = e.Occurrences + 1, LastEpoch = epoch };
        return true;
    }

    /// <summary>Adds a new issue, or counts a recurrence when its kind is already logged.</summary>
    public void Add(IssueKind kind, int epoch, string evidence, IReadOnlyDictionary<string, double> numbers)
    {
        if (Recur(kind, epoch)) return;
        _entries.Add(new TrainingIssue
        {
            Kind = kind, Epoch = epoch, LastEpoch = epoch, Evidence = evidence, Numbers = numbers,
            Advice = IssueAdvice.For(kind),
        });
    }

    /// <summary>Drops everything found during training, keeping the data checks made before it (epoch 0).</summary>
    public void ClearTrainingEntries() => _entries.RemoveAll(e => e.Epoch > 0);

    private int IndexOf(IssueKind kind)
    {
        for (int i = 0; i < _entries.Count; i++)
            if (_entries[i].Kind == kind) return i;
        return -1;
    }
}
