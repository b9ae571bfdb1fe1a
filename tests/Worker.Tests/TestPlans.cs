using Akka.Actor;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Engine.Training;
using Hpo.Protocol;

namespace Hpo.Worker.Tests;

/// <summary>Small, fast trials: a few hundred samples of a generated problem, a small network.</summary>
internal static class TestPlans
{
    public static TrialPlan Moons(int maxEpochs = 10, float dropout = 0.1f) => new()
    {
        Data = new DataOptions { Dataset = "moons", Samples = 240, Noise = 0.25, DataSeed = 7, Validation = 0.25 },
        Task = TaskKind.Classification,
        Model = new ModelOptions { HiddenUnits = [12, 8], Dropout = dropout },
        Training = new TrainingOptions
        {
            MaxEpochs = maxEpochs,
            BatchSize = 16,
            LearningRate = 0.01,
            Seed = 11,
            Schedule = new ScheduleOptions { Kind = ScheduleKind.Cosine },
        },
        ObjectiveMetric = "val_accuracy",
    };

    public static TrainTrial Rung(TrialPlan plan, int from, int to, long dispatch = 1, string sweep = "s1", int trial = 1,
        string node = "node-a", IActorRef? replyTo = null) =>
        new(sweep, trial, dispatch, node, plan, from, to, replyTo ?? ActorRefs.Nobody);
}
