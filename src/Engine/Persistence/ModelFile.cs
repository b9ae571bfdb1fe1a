using Hpo.Engine.Data;
using Hpo.Engine.Model;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Persistence;

/// <summary>
/// Saves and loads models (weights, architecture, scalers, class names, metrics) and checkpoints (a model
/// plus the optimiser, schedule, random streams, shuffle order and curve, to continue bit for bit).
/// </summary>
public static class ModelFile
{
    public const string ModelKind = "model";
    public const string CheckpointKind = "checkpoint";

    public static void SaveModel(string path, TrainingSession session) => SaveAtomically(path, s => WriteModel(s, session));
    public static void SaveCheckpoint(string path, TrainingSession session) => SaveAtomically(path, s => WriteCheckpoint(s, session));

    public static void WriteModel(Stream stream, TrainingSession session)
    {
        var ps = session.Network.Parameters;
        var blocks = ps.Select(p => new BlockInfo("param:" + p.Name, BlockType.Float32, p.Length)).ToList();
        ModelFileFormat.Write(stream, Header(session, ModelKind, blocks, null), ps.Select(p => (Array)p.Value).ToArray());
    }

    public static void WriteCheckpoint(Stream stream, TrainingSession session)
    {
        var state = session.CaptureState();
        var names = session.Network.Parameters.Select(p => p.Name).ToArray();
        var blocks = new List<BlockInfo>();
        var data = new List<Array>();
        void Add(string name, Array array, BlockType type)
        {
            blocks.Add(new BlockInfo(name, type, array.Length));
            data.Add(array);
        }
        for (int i = 0; i < names.Length; i++) Add("param:" + names[i], state.Parameters[i], BlockType.Float32);
        for (int i = 0; i < state.OptimizerState.Length; i++) Add($"optimizer:{i}", state.OptimizerState[i], BlockType.Float32);
        Add("order", state.ShuffleOrder, BlockType.Int32);
        Add("rng:shuffle", state.ShuffleRng, BlockType.UInt64);
        Add("rng:dropout", state.DropoutRng, BlockType.UInt64);
        if (state.BestParameters is { } best)
            for (int i = 0; i < best.Length; i++) Add("best:" + names[i], best[i], BlockType.Float32);
        var info = new CheckpointInfo
        {
            Epoch = state.Epoch,
            OptimizerSteps = state.OptimizerSteps,
            PlateauFactor = state.PlateauFactor,
            PlateauBest = state.PlateauBest,
            PlateauWait = state.PlateauWait,
            EarlyStoppingBest = state.EarlyStoppingBest,
            EarlyStoppingBestEpoch = state.EarlyStoppingBestEpoch,
            EarlyStoppingWait = state.EarlyStoppingWait,
            Diverged = state.Diverged,
            StoppedEarly = state.StoppedEarly,
            StopReason = state.StopReason,
            Curve = state.Curve,
        };
        ModelFileFormat.Write(stream, Header(session, CheckpointKind, blocks, info), data);
    }

    public static TrainedModel LoadModel(string path) => Open(path, ReadModel);

    public static TrainedModel ReadModel(Stream stream, string source)
    {
        var (header, blocks) = ModelFileFormat.Read(stream, source);
        var network = NetworkBuilder.Build(header.Model, header.InputWidth, header.OutputWidth, new Rng(0), new Rng(0));
        foreach (var p in network.Parameters)
            Block<float>(blocks, "param:" + p.Name, p.Length, source).CopyTo(p.Value, 0);
        return new TrainedModel(header, network);
    }

    /// <summary>A training session that continues a checkpoint on the same data; options default to the checkpoint's own.</summary>
    public static TrainingSession ResumeSession(string path, DataSplit split, TrainingOptions? options = null) =>
        Open(path, (stream, source) => ReadCheckpoint(stream, source, split, options));

    public static TrainingSession ReadCheckpoint(Stream stream, string source, DataSplit split, TrainingOptions? options = null)
    {
        var (header, blocks) = ModelFileFormat.Read(stream, source);
        if (header.Checkpoint is not { } info)
            throw new ModelFileException($"{source}: is a model file, not a checkpoint; it cannot continue training");
        if (split.Train.FeatureCount != header.InputWidth)
            throw new ModelFileException($"{source}: the checkpoint's network takes {header.InputWidth} inputs but the data has {split.Train.FeatureCount} features");
        var session = new TrainingSession(header.Model, options ?? header.Training, split);
        if (session.Network.OutputWidth != header.OutputWidth)
            throw new ModelFileException($"{source}: the checkpoint's network has {header.OutputWidth} outputs but the data needs {session.Network.OutputWidth}");
        var ps = session.Network.Parameters;
        var optimizerBlocks = header.Blocks.Count(b => b.Name.StartsWith("optimizer:", StringComparison.Ordinal));
        bool hasBest = header.Blocks.Any(b => b.Name.StartsWith("best:", StringComparison.Ordinal));
        var state = new SessionState
        {
            Epoch = info.Epoch,
            Curve = info.Curve,
            Parameters = ps.Select(p => Block<float>(blocks, "param:" + p.Name, p.Length, source)).ToArray(),
            OptimizerState = Enumerable.Range(0, optimizerBlocks).Select(i => Block<float>(blocks, $"optimizer:{i}", -1, source)).ToArray(),
            OptimizerSteps = info.OptimizerSteps,
            ShuffleOrder = Block<int>(blocks, "order", split.Train.Samples, source),
            ShuffleRng = Block<ulong>(blocks, "rng:shuffle", Rng.StateLength, source),
            DropoutRng = Block<ulong>(blocks, "rng:dropout", Rng.StateLength, source),
            PlateauFactor = info.PlateauFactor,
            PlateauBest = info.PlateauBest,
            PlateauWait = info.PlateauWait,
            EarlyStoppingBest = info.EarlyStoppingBest,
            EarlyStoppingBestEpoch = info.EarlyStoppingBestEpoch,
            EarlyStoppingWait = info.EarlyStoppingWait,
            BestParameters = hasBest ? ps.Select(p => Block<float>(blocks, "best:" + p.Name, p.Length, source)).ToArray() : null,
            Diverged = info.Diverged,
            StoppedEarly = info.StoppedEarly,
            StopReason = info.StopReason,
        };
        try
        {
            session.RestoreState(state);
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"{source}: {e.Message}", e);
        }
        return session;
    }

    private static ModelHeader Header(TrainingSession s, string kind, IReadOnlyList<BlockInfo> blocks, CheckpointInfo? checkpoint)
    {
        var last = s.Curve.Count > 0 ? s.Curve[^1] : null;
        var metrics = new Dictionary<string, double?>();
        if (last is not null)
            foreach (var name in MetricNames.All) metrics[name] = last.Get(name);
        return new ModelHeader
        {
            FormatVersion = ModelFileFormat.CurrentVersion,
            Kind = kind,
            Task = s.Encoder.Task,
            Loss = s.Encoder.Loss,
            InputWidth = s.Network.InputWidth,
            OutputWidth = s.Network.OutputWidth,
            ClassCount = s.ClassCount,
            TargetCount = s.TargetCount,
            Model = s.Model,
            Training = s.Options,
            ClassNames = s.ClassNames,
            FeatureNames = s.FeatureNames,
            InputScaler = ScalerData.From(s.InputScaler),
            TargetScaler = s.TargetScaler is { } t ? ScalerData.From(t) : null,
            Metrics = metrics,
            Blocks = blocks,
            Checkpoint = checkpoint,
        };
    }

    private static T[] Block<T>(Dictionary<string, Array> blocks, string name, int expectedLength, string source)
    {
        if (!blocks.TryGetValue(name, out var block) || block is not T[] typed)
            throw new ModelFileException($"{source}: block {name} is missing or has the wrong type");
        if (expectedLength >= 0 && typed.Length != expectedLength)
            throw new ModelFileException($"{source}: block {name} has {typed.Length} values, expected {expectedLength}");
        return typed;
    }

    private static T Open<T>(string path, Func<Stream, string, T> read)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: no such model file");
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        return read(stream, path);
    }

    private static void SaveAtomically(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new BufferedStream(File.Create(temporary), 1 << 16))
            write(stream);
        File.Move(temporary, path, overwrite: true);
    }
}
