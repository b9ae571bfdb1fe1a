using Akka.Actor;
using Akka.Event;
using Hpo.Protocol;
using Hpo.Worker.Training;

namespace Hpo.Worker.Cluster;

/// <summary>
/// One job of a <see cref="TrialEntity"/>, run in a training slot off the actor's thread: a rung, an evaluation or
/// a refit. It takes the model the entity keeps while it runs and, when it ends, answers and says which model to keep.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The token source is disposed when the job ends; one of an entity that stopped is only cancelled.")]
internal abstract class TrialJob(ITrialMessage command, IActorRef replyTo, WorkerRuntime runtime, ILoggingAdapter log, string trial)
{
    private readonly CancellationTokenSource _cancellation = new();
    private bool _ended;

    protected WorkerRuntime Runtime { get; } = runtime;
    protected ILoggingAdapter Log { get; } = log;
    protected string Trial { get; } = trial;

    public ITrialMessage Command { get; } = command;

    /// <summary>Where the job's answer goes.</summary>
    protected IActorRef ReplyTo { get; } = replyTo;

    /// <summary>Which waiting job starts first when the slot frees: the lowest.</summary>
    public abstract int Order { get; }

    /// <summary>A release cancels the job when it runs and drops it when it waits; else it runs on and answers.</summary>
    public virtual bool EndsOnRelease => false;

    public bool Cancelled => _cancellation.IsCancellationRequested;

    /// <summary>
    /// Whether the job, arriving while <paramref name="running"/> runs, waits for it in place of
    /// <paramref name="waiting"/> (the job of its kind that waits now, if any); if not, it is already being served.
    /// </summary>
    public virtual bool Waits(TrialJob running, TrialJob? waiting) => true;

    /// <summary>The entity took the job (to start it or to wait).</summary>
    public virtual void Accepted()
    {
    }

    /// <summary>The job waits for <paramref name="running"/>.</summary>
    public virtual void Queued(TrialJob running)
    {
    }

    /// <summary>The job is already being served and goes.</summary>
    public virtual void Ignored()
    {
    }

    /// <summary>The job is given up before it answered (replaced, released, its entity stopped).</summary>
    public virtual void Dropped()
    {
    }

    public void Cancel()
    {
        if (!_ended) _cancellation.Cancel();
    }

    /// <summary>Runs the job in a training slot once one is free, with <paramref name="model"/>, the model kept in memory.</summary>
    public Task<object> RunAsync(TrialModel? model) =>
        Runtime.Slots.RunAsync(token => RunAsync(model, token), _cancellation.Token);

    /// <summary>Answers how the job ended and returns the model to keep (<paramref name="model"/> is the one it took).</summary>
    public TrialModel? End(object? result, Exception? error, TrialModel? model)
    {
        _ended = true;
        _cancellation.Dispose();
        if (error is null) return Succeeded(result!, model);
        return Failed(error is AggregateException a ? a.Flatten().InnerException ?? a : error, model);
    }

    protected abstract Task<object> RunAsync(TrialModel? model, CancellationToken token);

    protected virtual TrialModel? Succeeded(object result, TrialModel? model)
    {
        ReplyTo.Tell(result);
        return model;
    }

    /// <summary>The job threw; cancelled (its entity stopped, or released it), it goes unanswered.</summary>
    protected virtual TrialModel? Failed(Exception error, TrialModel? model)
    {
        if (error is not OperationCanceledException)
        {
            LogCrash(error);
            ReplyTo.Tell(Failure($"{error.GetType().Name}: {error.Message}"));
        }
        return model;
    }

    protected abstract void LogCrash(Exception error);

    /// <summary>The answer for a job that crashed with <paramref name="error"/>.</summary>
    protected abstract IProtocolMessage Failure(string error);

    /// <summary>Runs <paramref name="work"/>, counting the time it holds its slot.</summary>
    protected async Task<object> TimedAsync(string sweepId, Func<Task<object>> work)
    {
        long began = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Runtime.Metrics.OnSlotTime(sweepId, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalSeconds);
        }
    }
}
