using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Datasets;
using Hpo.Worker.Simulation;
using Hpo.Worker.Telemetry;
using Hpo.Worker.Training;
using Microsoft.Extensions.Logging;

namespace Hpo.Worker.Cluster;

/// <summary>What one worker node shares between its trial entities: slots, datasets, checkpoints, the trainer.</summary>
public sealed class WorkerRuntime : IDisposable
{
    private static readonly ConditionalWeakTable<ActorSystem, WorkerRuntime> BySystem = new();

    /// <param name="uploaded">Where this node fetches an uploaded dataset (a CSV named by its <c>sha256:</c> id) it lacks; null: nowhere.</param>
    public WorkerRuntime(WorkerOptions options, string dataDirectory, string node, ICheckpointStore checkpoints, ILoggerFactory logs,
        IMeterFactory? meters = null, IDatasetSource? uploaded = null)
    {
        Options = options;
        Node = node;
        Checkpoints = checkpoints;
        Slots = new TrainingSlots(options.Slots);
        if (uploaded is not null)
        {
            _datasetMetrics = new DatasetMetrics(node, meters);
            Uploaded = LocalDatasets.Under(dataDirectory, uploaded, logs.CreateLogger<LocalDatasets>(), _datasetMetrics);
        }
        Datasets = Uploaded is null
            ? new DatasetCache(dataDirectory, options.DatasetCacheSize)
            : new DatasetCache(dataDirectory, Uploaded, options.DatasetCacheSize);
        Metrics = new WorkerMetrics(Slots, node, meters, Dispatches, options.QueuedRungsOrDefault);
        Trainer = options.Simulate
            ? new SimulatedTrainer(node, TimeSpan.FromMilliseconds(options.SimulateEpochMs), Metrics)
            : new TrialTrainer(node, Datasets, checkpoints, dataDirectory, logs.CreateLogger<TrialTrainer>(), Metrics, options.CheckpointEvery);
        IdleModels = new IdleModels<IActorRef>(options.IdleModelsOrDefault);
    }

    public WorkerOptions Options { get; }
    public string Node { get; }
    public ICheckpointStore Checkpoints { get; }
    public TrainingSlots Slots { get; }
    public DatasetCache Datasets { get; }

    /// <summary>This node's copies of uploaded datasets (null when it has no way to fetch them).</summary>
    public LocalDatasets? Uploaded { get; }

    private readonly DatasetMetrics? _datasetMetrics;
    /// <summary>The real trainer, or the simulated one when <see cref="WorkerOptions.Simulate"/> is set.</summary>
    public ITrialTrainer Trainer { get; }
    public IdleModels<IActorRef> IdleModels { get; }

    /// <summary>The node's instruments (slots, throughput, epochs).</summary>
    public WorkerMetrics Metrics { get; }

    /// <summary>The dispatches this node holds (announced with its capacity).</summary>
    public DispatchBook Dispatches { get; } = new();

    private readonly CancellationTokenSource _leaving = new();

    /// <summary>Cancelled when the node begins to leave (SIGTERM): running rungs hand back at their epoch's end, no new one starts.</summary>
    public CancellationToken Leaving => _leaving.Token;

    /// <summary>The node is leaving: its running rungs stop at the end of their epoch, store their models and hand back.</summary>
    public void BeginLeaving() => _leaving.Cancel();

    private long _handedBack;

    /// <summary>Rungs this node handed back because it was leaving.</summary>
    public long HandedBack => Interlocked.Read(ref _handedBack);

    internal void CountHandedBack() => Interlocked.Increment(ref _handedBack);

    /// <summary>The runtime of the worker running in <paramref name="system"/> (null when the system runs no worker).</summary>
    public static WorkerRuntime? Of(ActorSystem system) => BySystem.TryGetValue(system, out var runtime) ? runtime : null;

    internal void Attach(ActorSystem system)
    {
        BySystem.AddOrUpdate(system, this);
        system.RegisterOnTermination(Dispose);
    }

    public void Dispose()
    {
        _leaving.Dispose();
        Slots.Dispose();
        Metrics.Dispose();
        _datasetMetrics?.Dispose();
    }
}
