namespace Hpo.Node.Storage;

/// <summary>
/// Runs a set-up (connect, create a table) once for every caller at once; a set-up that failed or was cancelled runs
/// again on the next call, so a database that comes back is used without a restart.
/// </summary>
public sealed class OnceUntilItWorks(Func<Task> setUp)
{
    private readonly object _gate = new();
    private Task? _done;

    /// <summary>The set-up's task, started by the first caller (or again after a failure); waits at most until <paramref name="cancellation"/>.</summary>
    public Task RunAsync(CancellationToken cancellation = default)
    {
        Task done;
        lock (_gate)
        {
            if (_done is null || _done.IsFaulted || _done.IsCanceled) _done = Task.Run(setUp, CancellationToken.None);
            done = _done;
        }
        return done.WaitAsync(cancellation);
    }
}
