namespace Hpo.Engine.Kernels;

/// <summary>
/// A fixed team of helper threads that, with the calling thread, run the chunks of one piece of work
/// (blocks of a matrix product, halves of an update). One team per size serves the whole process; a
/// caller that finds it busy (another trial is using it) is told so and does the work alone. Helpers
/// spin a while between jobs, since a step's products come back to back, then sleep. A chunk whose
/// helper has not started it soon is run by the caller (a busy machine may keep the helper off its
/// core). Chunks are independent, so who runs one never changes the result. Nothing is allocated per job.
/// </summary>
internal sealed class WorkTeam
{
    /// <summary>Spin rounds a helper waits for the next job before it sleeps.</summary>
    private const int SpinRounds = 20_000;

    private static readonly Lock CreateLock = new();
    private static WorkTeam?[] teams = new WorkTeam?[8];

    /// <summary>The most chunks a job may have.</summary>
    public const int MaxChunks = 64;

    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    // Per chunk: 0 pending, 1 running, 2 done. Whoever moves it from 0 to 1 runs it: every thread claims
    // pending chunks until none is left, so a helper the scheduler keeps off its core holds up at most
    // the one small chunk it is running.
    private readonly int[] _state;
    private int _busy;
    private int _generation;
    private ITeamWork? _work;
    private int _chunks;

    private WorkTeam(int size)
    {
        Size = size;
        _wake = new SemaphoreSlim[size - 1];
        _sleeping = new int[size - 1];
        _state = new int[MaxChunks];
        for (int i = 0; i < size - 1; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int chunk = i + 1;
            new Thread(() => Work(chunk)) { IsBackground = true, Name = $"hpo-team-{size}-{chunk}" }.Start();
        }
    }

    /// <summary>Threads working on a job, the caller included.</summary>
    public int Size { get; }

    /// <summary>The process's team of <paramref name="size"/> threads (2 or more), created on first use.</summary>
    public static WorkTeam For(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        var existing = size < teams.Length ? Volatile.Read(ref teams[size]) : null;
        if (existing is not null) return existing;
        lock (CreateLock)
        {
            if (size >= teams.Length) Array.Resize(ref teams, size + 1);
            return teams[size] ??= new WorkTeam(size);
        }
    }

    /// <summary>
    /// Runs chunks 0..<paramref name="chunks"/>-1 of <paramref name="work"/> on the team and returns true;
    /// returns false without running anything when the team is busy.
    /// </summary>
    public bool TryRun(ITeamWork work, int chunks)
    {
        if (chunks > MaxChunks || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        _work = work;
        _chunks = chunks;
        for (int c = 0; c < chunks; c++) Volatile.Write(ref _state[c], 0);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _wake.Length; i++)
        {
            if (Volatile.Read(ref _sleeping[i]) != 0) _wake[i].Release();
        }
        for (int c = 0; c < chunks; c++) TryRunChunk(c);
        for (int c = 0; c < chunks; c++)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _state[c]) != 2) spin.SpinOnce(sleep1Threshold: -1);
        }
        _work = null;
        Volatile.Write(ref _busy, 0);
        return true;
    }

    private void TryRunChunk(int chunk)
    {
        if (Interlocked.CompareExchange(ref _state[chunk], 1, 0) != 0) return;
        _work!.RunChunk(chunk);
        Volatile.Write(ref _state[chunk], 2);
    }

    private void Work(int chunk)
    {
        int seen = 0;
        while (true)
        {
            int rounds = 0;
            while (Volatile.Read(ref _generation) == seen)
            {
                if (++rounds < SpinRounds)
                {
                    Thread.SpinWait(20);
                    continue;
                }
                // Announce the sleep, then look once more: a job posted in between is not missed, and a
                // wake-up left over from such a race only costs one more round of this loop.
                Interlocked.Exchange(ref _sleeping[chunk - 1], 1);
                if (Volatile.Read(ref _generation) == seen) _wake[chunk - 1].Wait();
                Interlocked.Exchange(ref _sleeping[chunk - 1], 0);
                rounds = 0;
            }
            seen = Volatile.Read(ref _generation);
            // Helpers start spread over the chunks (the caller starts at 0) and claim what is still pending.
            int chunks = Volatile.Read(ref _chunks);
            int start = chunks * chunk / Size;
            for (int i = 0; i < chunks; i++) TryRunChunk((start + i) % chunks);
        }
    }
}
