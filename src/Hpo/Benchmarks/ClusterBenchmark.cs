using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Persistence;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;
using Hpo.Worker.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hpo.Benchmarks;

/// <summary>
/// `hpo bench cluster`: a real one-process cluster (the coordinator with its SQLite journal in a temporary
/// directory, and a simulated worker) runs a sweep of surrogate trials; prints reports persisted per second
/// through the coordinator and slot utilisation while work was queued. A program that prints figures, not a test.
/// </summary>
public static class ClusterBenchmark
{
    public sealed record Settings
    {
        public int Trials { get; init; } = 20_000;
        public int Slots { get; init; } = 64;
        public string Scheduler { get; init; } = "asha";
        public int MaxEpochs { get; init; } = 27;
        public int EpochMs { get; init; } = 2;
        /// <summary>Rungs the worker queues beyond its slots (null: as many as slots).</summary>
        public int? Queue { get; init; }
        public long Seed { get; init; } = 1;
    }

    public sealed record Result(double ReportsPerSecond, double SlotUtilisation, int Trials, long Epochs, double Seconds,
        double QueuedSeconds, SweepRunState State);

    public static string Spec(Settings s, string name = "bench-cluster") => string.Create(CultureInfo.InvariantCulture, $$"""
        name: {{name}}
        seed: {{s.Seed}}
        data: {dataset: digits, validation: 0.2}
        objective: val_accuracy
        model: {layers: {int: [1, 4]}, units: {choice: [16, 32, 64, 128, 256]}, dropout: {uniform: [0.0, 0.5]} }
        training:
          learning_rate: {loguniform: [1.0e-4, 3.0e-1]}
          batch_size: {choice: [16, 32, 64, 128]}
          max_epochs: {{s.MaxEpochs}}
        search: {sampler: random, scheduler: {{s.Scheduler}}, reduction_factor: 3, min_epochs: 1, max_trials: {{s.Trials}} }
        """);

    public static async Task<Result> RunAsync(Settings s, TextWriter output, CancellationToken cancellation)
    {
        if (s.Trials < 1 || s.Slots < 1 || s.MaxEpochs < 1 || s.EpochMs < 0 || s.Queue < 0)
            throw new UsageException("--trials, --slots and --max-epochs must be at least 1, --epoch-ms and --queue at least 0");
        var root = Path.Combine(Path.GetTempPath(), "hpo-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        try
        {
            var specPath = Path.Combine(root, "bench.yaml");
            var specText = Spec(s);
            await File.WriteAllTextAsync(specPath, specText, cancellation);
            // Unmeasured: the first sweep pays for JIT compilation and the first entities of the shard region.
            var warmUp = s with { Trials = Math.Min(s.Trials, 2 * s.Slots) };
            var settings = new CoordinatorNodeSettings
            {
                Node = new NodeSettings
                {
                    DataDirectory = root,
                    Worker = new WorkerOptions
                    {
                        Slots = s.Slots,
                        Simulate = true,
                        SimulateEpochMs = s.EpochMs,
                        QueuedRungs = s.Queue,
                        CapacityInterval = TimeSpan.FromSeconds(1),
                    },
                },
                Coordinator = new CoordinatorOptions { Train = true },
            };
            await JournalProbe.CheckAsync(settings.Journal, TimeSpan.FromSeconds(10), cancellation);
            using var host = new HostBuilder()
                .ConfigureLogging(l => HpoLogging.Configure(l, settings.LogLevel))
                .ConfigureServices(services => CoordinatorNode.AddAkka(services, settings))
                .Build();
            await host.StartAsync(cancellation);
            try
            {
                var registry = await CoordinatorNode.RegistryAsync(host.Services, TimeSpan.FromSeconds(60), cancellation);
                var system = host.Services.GetRequiredService<ActorSystem>();
                var runtime = WorkerRuntime.Of(system) ?? throw new InvalidOperationException("no worker in this process");
                using (var unmeasured = new SlotMeter(runtime.Slots))
                    await RunSweep(Spec(warmUp, "bench-warm-up"), warmUp.Trials, unmeasured);
                using var meter = new SlotMeter(runtime.Slots);
                var clock = Stopwatch.StartNew();
                var status = await RunSweep(specText, s.Trials, meter);
                double seconds = clock.Elapsed.TotalSeconds;
                var result = new Result(status.EpochsTotal / seconds, meter.Utilisation, status.Trials, status.EpochsTotal,
                    seconds, meter.WindowSeconds, status.State);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reports_per_second={result.ReportsPerSecond:F0} (persisted through the coordinator) slot_utilisation={result.SlotUtilisation:F3} trials={result.Trials} epochs={result.Epochs} seconds={result.Seconds:F2} queued_seconds={result.QueuedSeconds:F2} slots={s.Slots} queue={s.Queue ?? s.Slots} epoch_ms={s.EpochMs} scheduler={s.Scheduler} max_epochs={s.MaxEpochs} journal=sqlite state={JournalJson.Name(result.State)}"));
                return result;

                async Task<SweepStatus> RunSweep(string text, int trials, SlotMeter slots)
                {
                    var answer = await registry.Ask<object>(new SubmitSweep(text, specPath, root), TimeSpan.FromSeconds(30), cancellation);
                    var id = answer is SweepAccepted a ? a.SweepId : throw new UsageException($"the benchmark sweep was refused: {answer}");
                    slots.Open();
                    while (true)
                    {
                        await Task.Delay(50, cancellation);
                        var status = (SweepStatus)await registry.Ask<object>(new GetSweep(id, 1), TimeSpan.FromSeconds(30), cancellation);
                        // Work is queued while trials are left to start: every slot should be busy until then.
                        if (status.Trials >= trials || status.IsOver) slots.Close();
                        if (status.IsOver) return status;
                    }
                }
            }
            finally
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stopping.Token);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Integrates the slots in use over a window (busy slot-seconds / slot-seconds of capacity).</summary>
    private sealed class SlotMeter : IDisposable
    {
        private readonly TrainingSlots _slots;
        private readonly object _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private bool _open;
        private bool _closed;
        private double _opened;
        private double _closedAt;
        private double _last;
        private int _running;
        private double _busy;

        public SlotMeter(TrainingSlots slots)
        {
            _slots = slots;
            _slots.Changed += OnChanged;
        }

        public double WindowSeconds => _closedAt - _opened;

        public double Utilisation => WindowSeconds > 0 ? _busy / (_slots.Size * WindowSeconds) : 0;

        public void Open()
        {
            lock (_gate)
            {
                _open = true;
                _opened = _last = _clock.Elapsed.TotalSeconds;
                _running = _slots.Running;
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                if (!_open || _closed) return;
                Advance();
                _closed = true;
                _closedAt = _last;
            }
        }

        private void OnChanged(TrainingSlots slots)
        {
            lock (_gate)
            {
                if (!_open || _closed) return;
                Advance();
                _running = slots.Running;
            }
        }

        private void Advance()
        {
            double now = _clock.Elapsed.TotalSeconds;
            _busy += _running * (now - _last);
            _last = now;
        }

        public void Dispose() => _slots.Changed -= OnChanged;
    }
}
