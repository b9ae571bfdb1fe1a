using System.Diagnostics;
using System.Runtime.CompilerServices;
using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Kernels;
using Hpo.Engine.Layers;
using Hpo.Engine.Losses;
using Hpo.Engine.Model;
using Hpo.Engine.Optimizers;
using Hpo.Engine.Options;
using Hpo.Engine.Schedules;
using Hpo.Engine.Tensors;

namespace Hpo.Engine.Training;

/// <summary>
/// One model being trained on one split, an epoch at a time: the network, optimiser, schedule,
/// random streams and learning curve. Buffers are sized once; an epoch allocates nothing per batch.
/// </summary>
public sealed class TrainingSession
{
    private const int EvaluationChunk = 256;

    private readonly DataPreparation _preparation;
    private readonly PreparedData _train;
    private readonly PreparedData? _validation;
    private readonly ILoss _loss;
    private readonly IOptimizer _optimizer;
    private readonly Parameter[] _trainable;
    private readonly Parameter[] _weights;
    private readonly LearningRateSchedule _schedule;
    private readonly Rng _shuffleRng;
    private readonly Rng _dropoutRng;
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly Matrix _batchInputs;
    private readonly Matrix _batchTargets;
    private readonly float[] _batchWeights;
    private readonly Matrix _gradient;
    private readonly float[] _scratchRow;
    private readonly float[] _scoreScratch;
    private readonly double[] _layerNormSums;
    private readonly double[] _gradientSquares;
    private readonly int[] _denseWeightIndex;
    private readonly bool _clipping;
    private readonly EarlyStopping? _earlyStopping;
    private float[][]? _bestWeights;
    private Predictor? _predictor;
    private readonly List<EpochMetrics> _curve = [];
    private readonly TrainingMonitor _monitor;

    /// <param name="initialValues">Weights to start from, by parameter name (transfer learning, pretraining).</param>
    public TrainingSession(ModelOptions model, TrainingOptions options, DataSplit split, ILoss? customLoss = null,
        IReadOnlyDictionary<string, float[]>? initialValues = null)
    {
        Model = model;
        Options = options;
        var train = split.Train;
        if (train.Samples == 0) throw new TrainingSetupException("the training split is empty");
        var lossKind = LossFactory.Resolve(options.Loss, train.Task);
        Encoder = TargetEncoder.For(train, lossKind);
        _loss = customLoss ?? LossFactory.Create(lossKind, train.Task, options.HuberDelta);
        _preparation = new DataPreparation(train, options, Encoder);
        ClassNames = train.ClassNames;
        FeatureNames = train.FeatureNames;
        ClassCount = train.ClassCount;
        TargetCount = train.TargetCount;
        _train = _preparation.Prepare(train);
        _validation = split.Validation is { Samples: > 0 } v ? _preparation.Prepare(v) : null;

        _batchSize = options.BatchSize == 0 ? train.Samples : options.BatchSize;
        if (_batchSize > train.Samples)
            throw new TrainingSetupException($"batch size {_batchSize} is larger than the {train.Samples} training samples");

        long seed = options.Seed;
        _dropoutRng = new Rng(unchecked(seed ^ (long)0xD1B54A32D192ED03UL));
        Network = NetworkBuilder.Build(model, train.FeatureCount, Encoder.OutputWidth, new Rng(seed), _dropoutRng);
        _shuffleRng = new Rng(unchecked(seed ^ (long)0x9E3779B97F4A7C15UL));
        int capacity = Math.Max(_batchSize, Math.Min(EvaluationChunk, Math.Max(train.Samples, _validation?.Samples ?? 0)));
        Network.Allocate(capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1, nameof(options.Threads));
        foreach (var dense in Network.DenseLayers) dense.Threads = options.Threads;
        if (initialValues is not null) WarmStart.Copy(Network, initialValues);
        if (options.Transfer is { } transfer) WarmStart.Configure(Network, transfer, options.LearningRate);
        _trainable = Network.Parameters.Where(p => p.Trainable).ToArray();
        _weights = _trainable.Where(p => p.IsWeight).ToArray();
        _optimizer = OptimizerFactory.Create(options, Network.Parameters);
        _schedule = new LearningRateSchedule(options.Schedule, options.LearningRate, options.MaxEpochs);

        _order = Enumerable.Range(0, train.Samples).ToArray();
        _batchInputs = new Matrix(capacity, train.FeatureCount);
        _batchTargets = new Matrix(capacity, Encoder.TargetWidth);
        _batchWeights = new float[capacity];
        _gradient = new Matrix(capacity, Encoder.OutputWidth);
        _scratchRow = new float[Encoder.OutputWidth];
        _scoreScratch = new float[capacity * Encoder.OutputWidth];
        _layerNormSums = new double[Network.DenseLayers.Count];
        _gradientSquares = new double[_trainable.Length];
        _clipping = options.ClipValue is not null || options.ClipNorm is not null;
        _denseWeightIndex = Network.DenseLayers.Select(d => Array.IndexOf(_trainable, d.Weights)).ToArray();
        if (options.EarlyStopping is { } es) _earlyStopping = new EarlyStopping(es);
        _monitor = new TrainingMonitor(Network, train, options);
    }

    public ModelOptions Model { get; }
    public TrainingOptions Options { get; }
    public Network Network { get; }
    public TargetEncoder Encoder { get; }
    public Scaler InputScaler => _preparation.InputScaler;
    public Scaler? TargetScaler => _preparation.TargetScaler;
    public IReadOnlyList<EpochMetrics> Curve => _curve;
    public IReadOnlyList<string>? ClassNames { get; }
    public IReadOnlyList<string>? FeatureNames { get; }
    public int ClassCount { get; }
    public int TargetCount { get; }

    /// <summary>Epochs trained so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>
    /// Counts the subnormal floats of every step and every layer pass when set (tests and benchmarks; it
    /// reads every buffer, so it is off in training).
    /// </summary>
    public SubnormalCensus? Census
    {
        get => Network.Probe as SubnormalCensus;
        set => Network.Probe = value;
    }
    public bool Diverged { get; private set; }
    public bool StoppedEarly { get; private set; }
    public bool Finished => Diverged || StoppedEarly || Epoch >= Options.MaxEpochs;
    public string? StopReason { get; private set; }
    public int BestEpoch => _earlyStopping?.BestEpoch ?? Epoch;

    /// <summary>The training issues log: what the detectors found so far, one entry per kind.</summary>
    public IReadOnlyList<TrainingIssue> Issues => _monitor.Issues;

    /// <summary>Trains until max epochs, early stopping or divergence.</summary>
    public IReadOnlyList<EpochMetrics> Run(Action<EpochMetrics>? onEpoch = null, CancellationToken cancellation = default) =>
        RunTo(Options.MaxEpochs, onEpoch, cancellation);

    /// <summary>Trains until epoch <paramref name="lastEpoch"/> (a rung's end), max epochs, early stopping or divergence.</summary>
    public IReadOnlyList<EpochMetrics> RunTo(int lastEpoch, Action<EpochMetrics>? onEpoch = null, CancellationToken cancellation = default)
    {
        while (!Finished && Epoch < lastEpoch)
        {
            cancellation.ThrowIfCancellationRequested();
            var m = TrainEpoch();
            onEpoch?.Invoke(m);
        }
        return _curve;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EpochMetrics TrainEpoch()
    {
        if (Finished) throw new InvalidOperationException("training has finished");
        var clock = Stopwatch.StartNew();
        double rate = _schedule.RateFor(Epoch);
        if (Options.Shuffle) _shuffleRng.Shuffle(_order);
        var accumulator = new MetricAccumulator(Encoder.Task == TaskKind.Classification);
        Array.Clear(_layerNormSums);
        double globalNormSum = 0;
        int batches = 0;
        bool diverged = false;
        int n = _train.Samples;
        for (int start = 0; start < n; start += _batchSize)
        {
            int rows = Math.Min(_batchSize, n - start);
            Gather(_train, _order.AsSpan(start, rows));
            var outputs = Network.Forward(_batchInputs, training: true);
            _monitor.ObserveBatch();
            var weights = _train.SampleWeights.Length == 0 ? ReadOnlySpan<float>.Empty : _batchWeights.AsSpan(0, rows);
            double loss = _loss.Compute(outputs, _batchTargets, weights, _gradient) + Penalty();
            if (!double.IsFinite(loss))
            {
                accumulator.AddLoss(loss, rows);
                diverged = true;
                break;
            }
            Score(accumulator, _train, outputs, _order.AsSpan(start, rows));
            accumulator.AddLoss(loss, rows);
            Network.Backward(_gradient);
            AddPenaltyGradients();
            if (_clipping)
            {
                globalNormSum += ApplyClipping();
                _optimizer.Step(rate);
            }
            else
            {
                // No clipping: the update kernels sum the squared gradients as they read them.
                _optimizer.Step(rate, _gradientSquares);
                globalNormSum += RecordNorms();
            }
            Census?.AfterStep(Network.Parameters, _optimizer.State, _gradient);
            batches++;
        }

        Epoch++;
        var validation = !diverged && _validation is not null ? Evaluate(_validation) : null;
        clock.Stop();
        var metrics = new EpochMetrics
        {
            Epoch = Epoch,
            LearningRate = rate,
            TrainLoss = accumulator.Loss,
            TrainAccuracy = accumulator.Accuracy,
            TrainMse = accumulator.Mse,
            TrainMae = accumulator.Mae,
            ValLoss = validation?.Loss,
            ValAccuracy = validation?.Accuracy,
            ValMse = validation?.Mse,
            ValMae = validation?.Mae,
            ValR2 = validation?.R2,
            GradientNorms = _layerNormSums.Select(s => batches == 0 ? double.NaN : s / batches).ToArray(),
            GlobalGradientNorm = batches == 0 ? double.NaN : globalNormSum / batches,
            Seconds = clock.Elapsed.TotalSeconds,
            SamplesPerSecond = n / Math.Max(clock.Elapsed.TotalSeconds, 1e-9),
            Diverged = diverged || (validation is not null && !double.IsFinite(validation.Loss)),
        };
        _curve.Add(metrics);
        AfterEpoch(metrics);
        _monitor.ObserveEpoch(metrics);
        return metrics;
    }

    /// <summary>
    /// One epoch's optimisation steps and nothing else, as PyTorch's training loop times them: shuffle,
    /// gather, forward, loss, backward, update, the loss summed. No metrics, monitoring, validation or
    /// curve entry, and <see cref="Epoch"/> does not advance (the weights do change). Benchmarks time it
    /// beside <see cref="TrainEpoch"/> to show what the bookkeeping costs.
    /// </summary>
    /// <returns>The mean training loss over the epoch.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double TrainSteps()
    {
        if (Finished) throw new InvalidOperationException("training has finished");
        double rate = _schedule.RateFor(Epoch);
        if (Options.Shuffle) _shuffleRng.Shuffle(_order);
        double lossSum = 0;
        int n = _train.Samples;
        for (int start = 0; start < n; start += _batchSize)
        {
            int rows = Math.Min(_batchSize, n - start);
            Gather(_train, _order.AsSpan(start, rows));
            var outputs = Network.Forward(_batchInputs, training: true);
            var weights = _train.SampleWeights.Length == 0 ? ReadOnlySpan<float>.Empty : _batchWeights.AsSpan(0, rows);
            lossSum += (_loss.Compute(outputs, _batchTargets, weights, _gradient) + Penalty()) * rows;
            Network.Backward(_gradient);
            AddPenaltyGradients();
            if (_clipping) ApplyClipping();
            _optimizer.Step(rate);
            Census?.AfterStep(Network.Parameters, _optimizer.State, _gradient);
        }
        return lossSum / n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AfterEpoch(EpochMetrics m)
    {
        if (m.Diverged)
        {
            Diverged = true;
            StopReason = $"diverged: the loss became non-finite in epoch {m.Epoch}";
            return;
        }
        _schedule.Observe(m.ValLoss ?? m.TrainLoss);
        if (_earlyStopping is null) return;
        double value = m.Get(_earlyStopping.Options.Monitor) ?? m.TrainLoss;
        if (_earlyStopping.Observe(m.Epoch, value))
        {
            if (_earlyStopping.Options.RestoreBestWeights) SnapshotBest();
        }
        else if (_earlyStopping.ShouldStop)
        {
            StoppedEarly = true;
            StopReason = $"early stopping: {_earlyStopping.Options.Monitor} did not improve for {_earlyStopping.Options.Patience} epochs (best {_earlyStopping.Best:G6} at epoch {_earlyStopping.BestEpoch})";
            if (_earlyStopping.Options.RestoreBestWeights) RestoreBest();
        }
    }

    /// <summary>Loss and metrics on any dataset of the same shape (scaled with the training split's scalers).</summary>
    public Evaluation Evaluate(Dataset data) => Evaluate(_preparation.Prepare(data));

    /// <summary>Predictions for raw feature rows: class probabilities (classification) or targets in original units.</summary>
    public float[] Predict(ReadOnlySpan<float> features, int rows) => Predictor.Predict(features, rows);

    /// <summary>The trained network as a predictor (it shares the network: later epochs change it).</summary>
    public Predictor Predictor => _predictor ??= new Predictor(Network, Encoder, _loss, InputScaler, TargetScaler);

    /// <summary>The loss the session trains with.</summary>
    public ILoss Loss => _loss;

    private Evaluation Evaluate(PreparedData data)
    {
        var accumulator = new MetricAccumulator(Encoder.Task == TaskKind.Classification);
        int chunk = Network.MaxBatch;
        for (int start = 0; start < data.Samples; start += chunk)
        {
            int rows = Math.Min(chunk, data.Samples - start);
            GatherContiguous(data, start, rows);
            var outputs = Network.Forward(_batchInputs, training: false);
            var weights = data.SampleWeights.Length == 0 ? ReadOnlySpan<float>.Empty : _batchWeights.AsSpan(0, rows);
            accumulator.AddLoss(_loss.Compute(outputs, _batchTargets, weights, _gradient), rows);
            ScoreContiguous(accumulator, data, outputs, start);
        }
        return accumulator.ToEvaluation();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(PreparedData data, ReadOnlySpan<int> rows)
    {
        int f = _batchInputs.Cols, t = _batchTargets.Cols;
        _batchInputs.SetRows(rows.Length);
        _batchTargets.SetRows(rows.Length);
        ElementWise.GatherRows(data.Features, f, rows, _batchInputs.Data);
        ElementWise.GatherRows(data.Targets, t, rows, _batchTargets.Data);
        if (data.SampleWeights.Length > 0)
            for (int i = 0; i < rows.Length; i++) _batchWeights[i] = data.SampleWeights[rows[i]];
    }

    private void GatherContiguous(PreparedData data, int start, int rows)
    {
        int f = _batchInputs.Cols, t = _batchTargets.Cols;
        _batchInputs.SetRows(rows);
        _batchTargets.SetRows(rows);
        data.Features.AsSpan(start * f, rows * f).CopyTo(_batchInputs.Span);
        data.Targets.AsSpan(start * t, rows * t).CopyTo(_batchTargets.Span);
        if (data.SampleWeights.Length > 0) data.SampleWeights.AsSpan(start, rows).CopyTo(_batchWeights);
    }

    /// <summary>Scores a training batch: whole-batch passes, so the bookkeeping stays small beside the step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Score(MetricAccumulator accumulator, PreparedData data, Matrix outputs, ReadOnlySpan<int> rows)
    {
        if (Encoder.Task == TaskKind.Classification)
        {
            var labels = data.Labels!;
            for (int i = 0; i < rows.Length; i++) accumulator.AddDecision(Encoder.Decide(outputs.Row(i)) == labels[rows[i]]);
            return;
        }
        int w = Encoder.OutputWidth;
        ReadOnlySpan<float> predictions = outputs.Span;
        if (TargetScaler is { Kind: not ScalingKind.None } scaler)
        {
            var scaled = _scoreScratch.AsSpan(0, rows.Length * w);
            outputs.Span.CopyTo(scaled);
            scaler.InverseTransform(scaled);
            predictions = scaled;
        }
        accumulator.AddRegressionRows(predictions, w, data.RawTargets, rows);
    }

    private void ScoreContiguous(MetricAccumulator accumulator, PreparedData data, Matrix outputs, int start)
    {
        for (int i = 0; i < outputs.Rows; i++) ScoreRow(accumulator, data, outputs.Row(i), start + i);
    }

    private void ScoreRow(MetricAccumulator accumulator, PreparedData data, ReadOnlySpan<float> output, int sample)
    {
        if (Encoder.Task == TaskKind.Classification)
        {
            accumulator.AddDecision(Encoder.Decide(output) == data.Labels![sample]);
            return;
        }
        int w = Encoder.OutputWidth;
        output.CopyTo(_scratchRow);
        TargetScaler?.InverseTransform(_scratchRow);
        accumulator.AddRegression(_scratchRow, data.RawTargets.AsSpan(sample * w, w));
    }

    private double Penalty()
    {
        if (Options.L1 == 0 && Options.L2 == 0) return 0;
        double l1 = 0, l2 = 0;
        foreach (var p in _weights)
        {
            if (Options.L2 != 0) l2 += ElementWise.SumOfSquares(p.Value);
            if (Options.L1 != 0) foreach (var v in p.Value) l1 += Math.Abs(v);
        }
        return Options.L1 * l1 + Options.L2 * l2;
    }

    private void AddPenaltyGradients()
    {
        if (Options.L1 == 0 && Options.L2 == 0) return;
        float l1 = (float)Options.L1, twoL2 = (float)(2 * Options.L2);
        foreach (var p in _weights)
        {
            var w = p.Value;
            var g = p.Gradient;
            for (int i = 0; i < g.Length; i++) g[i] = Subnormals.Flush(g[i] + (twoL2 * w[i] + l1 * MathF.Sign(w[i])));
        }
    }

    /// <summary>Adds the layer norms of <see cref="_gradientSquares"/> to the epoch's sums and returns the global norm.</summary>
    private double RecordNorms()
    {
        double total = 0;
        for (int i = 0; i < _gradientSquares.Length; i++) total += _gradientSquares[i];
        for (int i = 0; i < _denseWeightIndex.Length; i++)
            _layerNormSums[i] += Math.Sqrt(_gradientSquares[_denseWeightIndex[i]]);
        return Math.Sqrt(total);
    }

    /// <summary>Records the gradient norms, clips, and returns the global norm before clipping.</summary>
    /// <remarks>One pass over the gradients gives both the layer norms and the global norm (same sums, same order).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double ApplyClipping()
    {
        double total = 0;
        for (int i = 0; i < _trainable.Length; i++)
        {
            double squares = ElementWise.SumOfSquares(_trainable[i].Gradient);
            _gradientSquares[i] = squares;
            total += squares;
        }
        for (int i = 0; i < _denseWeightIndex.Length; i++)
            _layerNormSums[i] += Math.Sqrt(_gradientSquares[_denseWeightIndex[i]]);
        if (Options.ClipValue is { } v)
        {
            GradientClipper.ClipByValue(_trainable, (float)v);
            total = 0;
            foreach (var p in _trainable) total += ElementWise.SumOfSquares(p.Gradient);
        }
        double norm = Math.Sqrt(total);
        if (Options.ClipNorm is { } limit) GradientClipper.ClipByNorm(_trainable, norm, limit);
        return norm;
    }

    /// <summary>Everything that decides how training continues, for a checkpoint.</summary>
    public SessionState CaptureState() => new()
    {
        Epoch = Epoch,
        Curve = _curve.ToArray(),
        Parameters = Network.Parameters.Select(p => p.Value.ToArray()).ToArray(),
        OptimizerState = _optimizer.State.Select(a => a.ToArray()).ToArray(),
        OptimizerSteps = _optimizer.Steps,
        ShuffleOrder = _order.ToArray(),
        ShuffleRng = _shuffleRng.ExportState(),
        DropoutRng = _dropoutRng.ExportState(),
        PlateauFactor = _schedule.PlateauFactor,
        PlateauBest = _schedule.PlateauBest,
        PlateauWait = _schedule.PlateauWait,
        EarlyStoppingBest = _earlyStopping?.Best,
        EarlyStoppingBestEpoch = _earlyStopping?.BestEpoch ?? 0,
        EarlyStoppingWait = _earlyStopping?.Wait ?? 0,
        BestParameters = _bestWeights?.Select(a => a.ToArray()).ToArray(),
        Diverged = Diverged,
        StoppedEarly = StoppedEarly,
        StopReason = StopReason,
    };

    /// <summary>Continues from a captured state: the next epoch is exactly the one the captured session would have run.</summary>
    public void RestoreState(SessionState state)
    {
        var ps = Network.Parameters;
        Require(state.Parameters.Length == ps.Count, "parameter blocks", ps.Count, state.Parameters.Length);
        for (int i = 0; i < ps.Count; i++)
        {
            Require(state.Parameters[i].Length == ps[i].Length, ps[i].Name, ps[i].Length, state.Parameters[i].Length);
            state.Parameters[i].CopyTo(ps[i].Value, 0);
        }
        Require(state.OptimizerState.Length == _optimizer.State.Count, "optimizer state blocks", _optimizer.State.Count, state.OptimizerState.Length);
        for (int i = 0; i < state.OptimizerState.Length; i++)
        {
            Require(state.OptimizerState[i].Length == _optimizer.State[i].Length, "optimizer state", _optimizer.State[i].Length, state.OptimizerState[i].Length);
            state.OptimizerState[i].CopyTo(_optimizer.State[i], 0);
        }
        _optimizer.Steps = state.OptimizerSteps;
        Require(state.ShuffleOrder.Length == _order.Length, "training samples", _order.Length, state.ShuffleOrder.Length);
        state.ShuffleOrder.CopyTo(_order, 0);
        _shuffleRng.ImportState(state.ShuffleRng);
        _dropoutRng.ImportState(state.DropoutRng);
        _schedule.PlateauFactor = state.PlateauFactor;
        _schedule.PlateauBest = state.PlateauBest;
        _schedule.PlateauWait = state.PlateauWait;
        if (_earlyStopping is not null)
        {
            _earlyStopping.Best = state.EarlyStoppingBest ?? _earlyStopping.Best;
            _earlyStopping.BestEpoch = state.EarlyStoppingBestEpoch;
            _earlyStopping.Wait = state.EarlyStoppingWait;
        }
        _bestWeights = state.BestParameters?.Select(a => a.ToArray()).ToArray();
        _curve.Clear();
        _curve.AddRange(state.Curve);
        Epoch = state.Epoch;
        Diverged = state.Diverged;
        StoppedEarly = state.StoppedEarly;
        StopReason = state.StopReason;
        _monitor.Replay(state.Curve);
    }

    private static void Require(bool ok, string what, int expected, int actual)
    {
        if (!ok) throw new TrainingSetupException($"the checkpoint does not fit this model: {what} has {actual} values, expected {expected}");
    }

    private void SnapshotBest()
    {
        var ps = Network.Parameters;
        _bestWeights ??= ps.Select(p => new float[p.Length]).ToArray();
        for (int i = 0; i < ps.Count; i++) ps[i].Value.CopyTo(_bestWeights[i], 0);
    }

    private void RestoreBest()
    {
        if (_bestWeights is null) return;
        var ps = Network.Parameters;
        for (int i = 0; i < ps.Count; i++) _bestWeights[i].CopyTo(ps[i].Value, 0);
    }
}
