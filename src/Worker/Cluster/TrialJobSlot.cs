namespace Hpo.Worker.Cluster;

/// <summary>
/// A trial's one job slot: the job that runs and, behind it, at most one waiting job of each kind. Which job waits
/// is the job's own rule (<see cref="TrialJob.Waits"/>); when the slot frees, a waiting rung starts first, then an
/// evaluation, then a refit.
/// </summary>
internal sealed class TrialJobSlot
{
    private readonly List<TrialJob> _waiting = [];

    public TrialJob? Running { get; private set; }

    public bool Busy => Running is not null;

    /// <summary>The running job, then the waiting ones.</summary>
    public IEnumerable<TrialJob> Jobs => Running is null ? _waiting : _waiting.Prepend(Running);

    public void Start(TrialJob job)
    {
        if (Running is not null) throw new InvalidOperationException("The trial's slot is taken.");
        Running = job;
    }

    /// <summary>
    /// Puts <paramref name="job"/> behind the running one when it waits, in place of the waiting job of its kind
    /// (<paramref name="replaced"/>); false: it is already being served.
    /// </summary>
    public bool TryQueue(TrialJob job, out TrialJob? replaced)
    {
        if (Running is null) throw new InvalidOperationException("Nothing runs: the job starts.");
        int index = _waiting.FindIndex(w => w.GetType() == job.GetType());
        replaced = index < 0 ? null : _waiting[index];
        if (!job.Waits(Running, replaced))
        {
            replaced = null;
            return false;
        }
        if (index < 0) _waiting.Add(job);
        else _waiting[index] = job;
        return true;
    }

    /// <summary>The running job ended: the waiting job to start next leaves the queue (null: none waits).</summary>
    public TrialJob? End()
    {
        Running = null;
        var next = _waiting.MinBy(w => w.Order);
        if (next is not null) _waiting.Remove(next);
        return next;
    }

    /// <summary>
    /// The trial is released: a running job that ends on release is cancelled, and the waiting ones that do
    /// leave the queue (returned).
    /// </summary>
    public IReadOnlyList<TrialJob> Release()
    {
        if (Running is { EndsOnRelease: true }) Running.Cancel();
        var dropped = _waiting.Where(w => w.EndsOnRelease).ToList();
        _waiting.RemoveAll(w => w.EndsOnRelease);
        return dropped;
    }
}
