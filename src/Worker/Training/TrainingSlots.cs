using System.Collections.Concurrent;

namespace Hpo.Worker.Training;

/// <summary>
/// A node's training slots: at most <see cref="Size"/> rungs train at once; more wait for a slot in arrival
/// order. Work runs on the pool's own threads (one per slot, never the thread pool that actors run on), and
/// its awaits come back to them, so a long training never starves the actor system.
/// </summary>
public sealed class TrainingSlots : IDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly SlotScheduler _scheduler;
    private int _running;
    private int _waiting;

    public TrainingSlots(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
        _gate = new SemaphoreSlim(size, size);
        _scheduler = new SlotScheduler(size);
    }

    public int Size { get; }

    /// <summary>Work holding a slot now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Work waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Raised (on any thread) whenever <see cref="Running"/> or <see cref="Waiting"/> changes.</summary>
    public event Action<TrainingSlots>? Changed;

    /// <summary>Waits for a slot, runs <paramref name="work"/> on a slot thread and frees the slot when it ends.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _waiting);
        Raise();
        try
        {
            await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        Interlocked.Increment(ref _running);
        Raise();
        try
        {
            return await Task.Factory.StartNew(() => work(cancellation), cancellation, TaskCreationOptions.DenyChildAttach, _scheduler)
                .Unwrap().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _gate.Release();
            Raise();
        }
    }

    public Task<T> Run<T>(Func<CancellationToken, T> work, CancellationToken cancellation = default) =>
        RunAsync(token => Task.FromResult(work(token)), cancellation);

    private void Raise() => Changed?.Invoke(this);

    public void Dispose() => _scheduler.Dispose();

    /// <summary>A fixed set of background threads taking tasks from one queue.</summary>
    private sealed class SlotScheduler : TaskScheduler, IDisposable
    {
        private readonly BlockingCollection<Task> _queue = new();
        private readonly Thread[] _threads;

        public SlotScheduler(int threads)
        {
            _threads = new Thread[threads];
            for (int i = 0; i < threads; i++)
            {
                _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"hpo-training-{i + 1}" };
                _threads[i].Start();
            }
        }

        public override int MaximumConcurrencyLevel => _threads.Length;

        private void Loop()
        {
            try
            {
                foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        protected override void QueueTask(Task task)
        {
            try
            {
                _queue.Add(task);
            }
            catch (InvalidOperationException)
            {
                // Shutting down: run it where it was queued rather than lose it.
                TryExecuteTask(task);
            }
        }

        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
            !taskWasPreviouslyQueued && _threads.Contains(Thread.CurrentThread) && TryExecuteTask(task);

        protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

        public void Dispose() => _queue.CompleteAdding();
    }
}
