using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

public class ResumeTests
{
    private static readonly DataSplit Split = DataSplitter.Split(Generators.Blobs(300, 5, 3, 2.0, seed: 4), 0.3, 0, seed: 1);
    private static readonly ModelOptions Model = new() { HiddenUnits = [12, 8], BatchNorm = BatchNormPlacement.Before, Dropout = 0.2f };

    public static TheoryData<OptimizerKind, ScheduleKind> Cases()
    {
        var data = new TheoryData<OptimizerKind, ScheduleKind>();
        foreach (var optimizer in Enum.GetValues<OptimizerKind>()) data.Add(optimizer, ScheduleKind.Cosine);
        foreach (var schedule in Enum.GetValues<ScheduleKind>().Where(s => s != ScheduleKind.Cosine)) data.Add(OptimizerKind.Adam, schedule);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Restoring_a_captured_state_continues_bit_for_bit(OptimizerKind optimizer, ScheduleKind schedule)
    {
        var options = new TrainingOptions
        {
            Optimizer = optimizer,
            LearningRate = 0.01,
            BatchSize = 16,
            MaxEpochs = 7,
            Seed = 9,
            Schedule = new ScheduleOptions { Kind = schedule, Patience = 1, DropEvery = 2, Period = 3 },
            EarlyStopping = new EarlyStoppingOptions { Patience = 50 },
        };
        var straight = new TrainingSession(Model, options, Split);
        straight.Run();

        var first = new TrainingSession(Model, options, Split);
        for (int i = 0; i < 3; i++) first.TrainEpoch();
        var state = first.CaptureState();
        var resumed = new TrainingSession(Model, options, Split);
        resumed.RestoreState(state);
        resumed.Run();

        Assert.Equal(straight.Curve.Count, resumed.Curve.Count);
        for (int i = 0; i < straight.Network.Parameters.Count; i++)
            Assert.Equal(straight.Network.Parameters[i].Value, resumed.Network.Parameters[i].Value);
        Assert.Equal(straight.Curve.Select(m => (m.TrainLoss, m.ValLoss, m.LearningRate)),
            resumed.Curve.Select(m => (m.TrainLoss, m.ValLoss, m.LearningRate)));
    }
}
