using System.Diagnostics;
using Hpo.Engine.Data;
using Hpo.Engine.Training;

namespace Hpo.Benchmarks;

/// <summary>
/// <c>hpo bench engine --parallel-trials N</c>: a sweep's throughput with N trials training at once, one
/// thread each, against one trial alone.
/// </summary>
/// <remarks>
/// The throughput of N trials is the sum of each trial's own samples per second: in a sweep a slot whose
/// trial ends starts the next, so no core waits for the slowest trial (the rate over the time until the
/// last trial ends is printed too, as <c>speedup_wall</c>). One trial alone and N at once are measured
/// in turn, <see cref="Repeats"/> times, and each figure is the median: on a shared machine two
/// measurements taken a minute apart differ by more than the effect measured.
/// </remarks>
public static class ParallelTrialsBenchmark
{
    /// <summary>Measurements of one trial alone and of N at once, taken in turn.</summary>
    public const int Repeats = 3;

    /// <summary>About this long for one trial alone per measurement, so thread start and scheduling noise fade.</summary>
    private static readonly TimeSpan MeasurementTime = TimeSpan.FromSeconds(1);

    /// <summary>The case's figure line: <c>case=NAME-parallel_trials_N threads=1 samples_per_s=X gflops=Y one_trial_samples_per_s=... speedup=... speedup_wall=... epochs=...</c>.</summary>
    public static string Line(EngineBenchmarkCase c, DataSplit split, int trials)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 2);
        int samples = split.Train.Samples;
        int epochs = (int)Math.Clamp(Math.Ceiling(MeasurementTime.TotalSeconds * ProbeRate(c, split) / samples), 1, 100_000);
        var alone = new List<double>();
        var together = new List<double>();
        var speedups = new List<double>();
        var wallSpeedups = new List<double>();
        int parameters = 0;
        for (int r = 0; r < Repeats; r++)
        {
            double one = Concurrent(c, split, 1, epochs, ref parameters).Throughput;
            var (many, wall) = Concurrent(c, split, trials, epochs, ref parameters);
            alone.Add(one);
            together.Add(many);
            speedups.Add(many / one);
            wallSpeedups.Add(wall / one);
        }
        return EngineBenchmark.Line(c.Name + "-parallel_trials_" + trials, 1, EngineBenchmark.Median(together), parameters)
            + EngineBenchmark.Invariant($" one_trial_samples_per_s={EngineBenchmark.Median(alone):F1} speedup={EngineBenchmark.Median(speedups):F3}")
            + EngineBenchmark.Invariant($" speedup_wall={EngineBenchmark.Median(wallSpeedups):F3} epochs={epochs} repeats={Repeats}");
    }

    /// <summary>
    /// Samples per second of one session on this thread over at least a quarter of a second: a rough
    /// rate that sizes the measurements (one epoch of a small case lasts a few milliseconds, which a
    /// preempted thread can turn into any figure at all).
    /// </summary>
    private static double ProbeRate(EngineBenchmarkCase c, DataSplit split)
    {
        var session = new TrainingSession(c.Model, c.Training(1), split);
        session.TrainSteps();
        int epochs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            session.TrainSteps();
            epochs++;
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(0.25));
        return (double)epochs * split.Train.Samples / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// <paramref name="trials"/> sessions training <paramref name="epochs"/> timed epochs at once, one thread
    /// each: the sum of their own samples per second, and all their samples over the time until the last
    /// timed epoch ended. A trial that is done keeps training, untimed, until every trial is done, so each
    /// is timed with all the others running (as in a sweep, whose slots stay busy).
    /// </summary>
    private static (double Throughput, double Wall) Concurrent(EngineBenchmarkCase c, DataSplit split, int trials, int epochs, ref int parameters)
    {
        var sessions = Enumerable.Range(0, trials).Select(_ => new TrainingSession(c.Model, c.Training(1), split)).ToArray();
        parameters = sessions[0].Network.TrainableParameterCount;
        double perTrial = (double)epochs * split.Train.Samples;
        var rates = new double[trials];
        var ends = new long[trials];
        int timedDone = 0;
        using var ready = new CountdownEvent(trials);
        using var go = new ManualResetEventSlim();
        var workers = sessions.Select((s, i) => new Thread(() =>
        {
            for (int e = 0; e < 2; e++) s.TrainSteps();
            ready.Signal();
            go.Wait();
            var own = Stopwatch.StartNew();
            for (int e = 0; e < epochs; e++) s.TrainSteps();
            rates[i] = perTrial / own.Elapsed.TotalSeconds;
            ends[i] = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref timedDone);
            while (Volatile.Read(ref timedDone) < trials) s.TrainSteps();
        })
        { IsBackground = true }).ToArray();
        foreach (var t in workers) t.Start();
        ready.Wait();
        long start = Stopwatch.GetTimestamp();
        go.Set();
        foreach (var t in workers) t.Join();
        double wall = Stopwatch.GetElapsedTime(start, ends.Max()).TotalSeconds;
        return (rates.Sum(), trials * perTrial / wall);
    }
}
