using Hpo.Worker.Training;

namespace Hpo.Worker.Tests.Training;

public sealed class TrainingSlotsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task No_more_work_runs_at_once_than_there_are_slots()
    {
        using var slots = new TrainingSlots(2);
        using var release = new ManualResetEventSlim();
        int running = 0, most = 0;
        var threads = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var work = Enumerable.Range(0, 6).Select(i => slots.Run(_ =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            threads.Add(Thread.CurrentThread.Name);
            release.Wait(Patience);
            Interlocked.Decrement(ref running);
            return i;
        })).ToArray();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2 && slots.Waiting == 4, Patience));
        Assert.Equal(2, slots.Running);
        release.Set();
        var results = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(0, 6), results.Order());
        Assert.Equal(2, most);
        Assert.Equal((0, 0), (slots.Running, slots.Waiting));
        Assert.All(threads, name => Assert.StartsWith("hpo-training-", name));
    }

    [Fact]
    public async Task Awaits_inside_the_work_come_back_to_a_slot_thread_and_keep_the_slot()
    {
        using var slots = new TrainingSlots(1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? after = null;
        var first = slots.RunAsync(async _ =>
        {
            await gate.Task;
            after = Thread.CurrentThread.Name;
            return 1;
        });
        var second = slots.Run(_ => 2);

        Assert.True(SpinWait.SpinUntil(() => slots.Running == 1 && slots.Waiting == 1, Patience));
        Assert.False(second.IsCompleted);
        gate.SetResult();

        var results = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 1, 2 }, results);
        Assert.StartsWith("hpo-training-", after);
    }

    [Fact]
    public async Task A_failure_frees_the_slot()
    {
        using var slots = new TrainingSlots(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => slots.Run<int>(_ => throw new InvalidOperationException("boom")));
        Assert.Equal(3, await slots.Run(_ => 3));
    }

    [Fact]
    public async Task Waiting_for_a_slot_can_be_cancelled()
    {
        using var slots = new TrainingSlots(1);
        using var release = new ManualResetEventSlim();
        var busy = slots.Run(_ => release.Wait(Patience));
        using var cancel = new CancellationTokenSource();
        var waiting = slots.Run(_ => true, cancel.Token);
        Assert.True(SpinWait.SpinUntil(() => slots.Waiting == 1, Patience));

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, slots.Waiting);
        release.Set();
        Assert.True(await busy);
    }

    [Fact]
    public async Task Changes_are_announced()
    {
        using var slots = new TrainingSlots(3);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(int, int)>();
        slots.Changed += s => seen.Enqueue((s.Running, s.Waiting));
        await slots.Run(_ => 0);
        Assert.Contains((1, 0), seen);
        Assert.Equal((0, 0), seen.Last());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
