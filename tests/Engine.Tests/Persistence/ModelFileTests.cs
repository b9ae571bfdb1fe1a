using System.Buffers.Binary;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Persistence;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Persistence;

public class ModelFileTests
{
    private static readonly DataSplit Split = DataSplitter.Split(Generators.Blobs(300, 5, 3, 2.0, seed: 4), 0.3, 0, seed: 1);
    private static readonly ModelOptions Model = new() { HiddenUnits = [12, 8], BatchNorm = BatchNormPlacement.After, Dropout = 0.2f };

    public static TheoryData<OptimizerKind, ScheduleKind> Cases()
    {
        var data = new TheoryData<OptimizerKind, ScheduleKind>();
        foreach (var optimizer in Enum.GetValues<OptimizerKind>()) data.Add(optimizer, ScheduleKind.Step);
        foreach (var schedule in Enum.GetValues<ScheduleKind>().Where(s => s != ScheduleKind.Step)) data.Add(OptimizerKind.Nesterov, schedule);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_checkpoint_file_continues_training_bit_for_bit(OptimizerKind optimizer, ScheduleKind schedule)
    {
        var options = new TrainingOptions
        {
            Optimizer = optimizer,
            LearningRate = 0.01,
            BatchSize = 16,
            MaxEpochs = 6,
            Seed = 2,
            Schedule = new ScheduleOptions { Kind = schedule, Patience = 1, DropEvery = 2, Period = 2, WarmupEpochs = 1 },
            EarlyStopping = new EarlyStoppingOptions { Patience = 50 },
        };
        var straight = new TrainingSession(Model, options, Split);
        straight.Run();

        var first = new TrainingSession(Model, options, Split);
        first.TrainEpoch();
        first.TrainEpoch();
        using var file = new MemoryStream();
        ModelFile.WriteCheckpoint(file, first);
        file.Position = 0;
        var resumed = ModelFile.ReadCheckpoint(file, "ck.hpo", Split);
        Assert.Equal(2, resumed.Epoch);
        resumed.Run();

        for (int i = 0; i < straight.Network.Parameters.Count; i++)
            Assert.Equal(straight.Network.Parameters[i].Value, resumed.Network.Parameters[i].Value);
        Assert.Equal(straight.Curve.Select(m => (m.Epoch, m.TrainLoss, m.ValLoss, m.ValAccuracy)),
            resumed.Curve.Select(m => (m.Epoch, m.TrainLoss, m.ValLoss, m.ValAccuracy)));
    }

    [Fact]
    public void A_saved_model_predicts_what_the_session_predicted()
    {
        var data = Generators.Regression(200, 4, 4, 0.1, seed: 3);
        var split = DataSplitter.Split(data, 0.2, 0, seed: 1);
        var session = new TrainingSession(new ModelOptions { HiddenUnits = [16], BatchNorm = BatchNormPlacement.Before },
            new TrainingOptions { MaxEpochs = 5, TargetScaling = ScalingKind.Standardize, InputScaling = ScalingKind.Normalize }, split);
        session.Run();
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "model.hpo");
        ModelFile.SaveModel(path, session);

        var loaded = ModelFile.LoadModel(path);
        Assert.Equal(ModelFile.ModelKind, loaded.Header.Kind);
        Assert.Equal(session.Curve[^1].ValMse, loaded.Header.Metrics["val_mse"]);
        var features = split.Validation.Features;
        Assert.Equal(session.Predict(features, split.Validation.Samples), loaded.Predictor.Predict(features, split.Validation.Samples));
    }

    [Fact]
    public void Class_names_and_scalers_travel_with_the_model()
    {
        var session = new TrainingSession(new ModelOptions(), new TrainingOptions { MaxEpochs = 1 }, Split);
        session.Run();
        using var file = new MemoryStream();
        ModelFile.WriteModel(file, session);
        file.Position = 0;
        var loaded = ModelFile.ReadModel(file, "m.hpo");
        Assert.Equal(Split.Train.ClassNames, loaded.Header.ClassNames);
        Assert.Equal(session.InputScaler.Offset, loaded.Header.InputScaler.Offset);
        Assert.Equal(session.InputScaler.Scale, loaded.Header.InputScaler.Scale);
    }

    private static byte[] SavedCheckpoint()
    {
        var session = new TrainingSession(Model, new TrainingOptions { MaxEpochs = 2 }, Split);
        session.TrainEpoch();
        using var file = new MemoryStream();
        ModelFile.WriteCheckpoint(file, session);
        return file.ToArray();
    }

    private static ModelFileException ReadFails(byte[] bytes, DataSplit? split = null) =>
        Assert.Throws<ModelFileException>(() => ModelFile.ReadCheckpoint(new MemoryStream(bytes), "bad.hpo", split ?? Split));

    [Fact]
    public void A_truncated_file_is_reported_as_truncated()
    {
        var bytes = SavedCheckpoint();
        foreach (var cut in new[] { 10, 14, 200, bytes.Length / 2, bytes.Length - 1 })
            Assert.Contains("truncated", ReadFails(bytes[..cut]).Message);
    }

    [Fact]
    public void A_file_with_one_byte_changed_in_its_weights_or_its_checksum_is_refused_as_corrupt()
    {
        var saved = SavedCheckpoint();
        int end = saved.Length - 8, checksum = end - 32;
        byte[] Flipped(int at)
        {
            var bytes = (byte[])saved.Clone();
            bytes[at] ^= 0x10;
            return bytes;
        }
        foreach (var at in new[] { checksum - 1, checksum - 40, checksum + 5 })
            Assert.Contains("checksum does not match", ReadFails(Flipped(at)).Message);
        // A byte of the JSON header that still parses is caught by the checksum too; one that does not, by the parser.
        Assert.Contains("corrupt", ReadFails(Flipped(saved.Length / 2)).Message);
    }

    [Fact]
    public void A_version_1_file_without_a_checksum_is_still_read()
    {
        var saved = SavedCheckpoint();
        int end = saved.Length - 8;
        var v1 = saved[..(end - 32)].Concat(saved[end..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(v1.AsSpan(8), 1);
        var session = ModelFile.ReadCheckpoint(new MemoryStream(v1), "old.hpo", Split);
        var current = ModelFile.ReadCheckpoint(new MemoryStream(saved), "new.hpo", Split);
        Assert.Equal(current.Epoch, session.Epoch);
    }

    [Fact]
    public void A_file_shorter_than_the_magic_number_is_not_a_model_file() =>
        Assert.Contains("not an hpo model file", ReadFails(SavedCheckpoint()[..3]).Message);

    [Fact]
    public void A_wrong_magic_number_is_not_a_model_file()
    {
        var bytes = SavedCheckpoint();
        bytes[0] = (byte)'X';
        Assert.Equal("bad.hpo: not an hpo model file (wrong magic number)", ReadFails(bytes).Message);
    }

    [Fact]
    public void A_file_from_a_newer_format_version_asks_for_an_upgrade()
    {
        var bytes = SavedCheckpoint();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), ModelFileFormat.CurrentVersion + 1);
        var message = ReadFails(bytes).Message;
        Assert.Contains($"version {ModelFileFormat.CurrentVersion + 1}", message);
        Assert.Contains("upgrade", message);
    }

    [Fact]
    public void A_checkpoint_for_another_input_width_is_refused()
    {
        var other = DataSplitter.Split(Generators.Blobs(300, 7, 3, 2.0, seed: 4), 0.3, 0, seed: 1);
        Assert.Contains("takes 5 inputs but the data has 7 features", ReadFails(SavedCheckpoint(), other).Message);
    }

    [Fact]
    public void A_model_file_cannot_continue_training()
    {
        var session = new TrainingSession(Model, new TrainingOptions { MaxEpochs = 1 }, Split);
        using var file = new MemoryStream();
        ModelFile.WriteModel(file, session);
        Assert.Contains("not a checkpoint", ReadFails(file.ToArray()).Message);
    }
}
