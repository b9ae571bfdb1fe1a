using Hpo.Engine.Diagnostics;
using Hpo.Engine.Options;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>Sweep histories built by hand, as the journal would give them back.</summary>
internal static class ReportHistories
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public const string LearningRate = "training.learning_rate";
    public const string Hidden = "model.hidden";
    public const string Optimizer = "training.optimizer";

    public static readonly IReadOnlyList<ParameterAxis> Axes =
    [
        new(LearningRate, ParameterScale.Log, 1e-4, 1e-1, []),
        new(Hidden, ParameterScale.Linear, 16, 256, []),
        new(Optimizer, ParameterScale.Choice, null, null, ["sgd", "adam", "rmsprop"]),
    ];

    /// <summary>Epochs at the end of each rung.</summary>
    private static readonly int[] RungEpochs = [2, 6, 18];

    /// <summary>
    /// An ASHA sweep of 14 trials maximising validation accuracy, which depends mostly on the learning rate (best
    /// near 3e-3): 12 trained to rungs 0 to 2 (one stopped), trial 13 failed before its first epoch and trial 14
    /// diverged. Trials at the top rung report overfitting.
    /// </summary>
    public static SweepHistory Asha()
    {
        string[] optimizers = ["sgd", "adam", "rmsprop"];
        var trials = new List<TrialDetail>();
        for (int i = 1; i <= 12; i++)
        {
            double lr = Math.Pow(10, -4 + 3.0 * ((i * 0.618034) % 1));
            long hidden = 16 + 20 * i;
            var optimizer = optimizers[i % 3];
            double final = 0.97 - 0.08 * Math.Pow(Math.Log10(lr) + 2.5, 2) + 0.0001 * hidden / 16 + (optimizer == "adam" ? 0.005 : 0);
            int rung = i % 3 == 0 ? 2 : i % 3 == 1 ? 1 : 0;
            if (final > 0.95) rung = 2;
            trials.Add(Trial(i, Config(lr, hidden, optimizer), rung, final,
                status: i == 5 ? TrialStatus.Stopped : TrialStatus.Completed,
                stop: i == 5 ? StopReason.Rung : null));
        }
        trials.Add(new TrialDetail
        {
            SweepId = "digits-asha",
            Trial = 13,
            Status = TrialStatus.Failed,
            Error = "out of memory, \"hidden\" too large\nat layer 2",
            Config = Config(1e-3, 250, "adam"),
        });
        trials.Add(Trial(14, Config(0.09, 64, "sgd"), 0, double.NaN, TrialStatus.Diverged, null) with
        {
            Issues = [new TrainingIssue { Kind = IssueKind.Divergence, Epoch = 2, Evidence = "loss NaN", Advice = "lower the learning rate" }],
        });
        var byStatus = trials.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count());
        return new SweepHistory
        {
            Status = new SweepStatus
            {
                Id = "digits-asha",
                Name = "digits, ASHA",
                State = SweepRunState.Finished,
                FinishReason = FinishReason.MaxTrials,
                Scheduler = SchedulerKind.Asha,
                Sampler = SamplerKind.Random,
                Metric = "val_accuracy",
                Mode = ObjectiveMode.Max,
                MaxEpochs = 18,
                MaxTrials = 14,
                SubmittedAt = T0,
                StartedAt = T0,
                FinishedAt = T0.AddMinutes(5),
                Trials = trials.Count,
                ByStatus = byStatus,
                EpochsTotal = trials.Sum(t => t.Epochs),
            },
            Trials = trials,
            Parameters = Axes,
        };
    }

    /// <summary>A sweep just started: two trials running, neither with an epoch yet.</summary>
    public static SweepHistory Empty() => new()
    {
        Status = new SweepStatus
        {
            Id = "fresh",
            State = SweepRunState.Running,
            Scheduler = SchedulerKind.Fifo,
            Sampler = SamplerKind.Random,
            Metric = "val_loss",
            Mode = ObjectiveMode.Min,
            SubmittedAt = T0,
        },
        Trials =
        [
            new TrialDetail { SweepId = "fresh", Trial = 1, Status = TrialStatus.Running, Config = Config(1e-3, 32, "sgd") },
            new TrialDetail { SweepId = "fresh", Trial = 2, Status = TrialStatus.Running, Config = Config(1e-2, 64, "adam") },
        ],
        Parameters = Axes,
    };

    public static TrialConfig Config(double lr, long hidden, string optimizer) => new(
    [
        new(LearningRate, ParamValue.Of(lr)),
        new(Hidden, ParamValue.Of(hidden)),
        new(Optimizer, ParamValue.Of(optimizer)),
        new("training.epochs", ParamValue.Of(18L)),
    ]);

    /// <summary>A trial that trained to the end of <paramref name="rung"/>, its accuracy rising towards <paramref name="final"/>.</summary>
    private static TrialDetail Trial(int id, TrialConfig config, int rung, double final, TrialStatus status, StopReason? stop)
    {
        int epochs = RungEpochs[rung];
        var curve = Enumerable.Range(1, epochs).Select(e =>
        {
            double progress = 1 - Math.Exp(-e / 4.0);
            double objective = e == epochs ? final : 0.5 + (final - 0.5) * progress;
            return new CurvePoint(e, objective, 1.2 * (1 - progress) + 0.1, 1.3 * (1 - progress) + 0.15 + 0.002 * e, 5000,
                T0.AddSeconds(id * 12 + e * 2));
        }).ToArray();
        return new TrialDetail
        {
            SweepId = "digits-asha",
            Trial = id,
            Status = status,
            StopReason = stop,
            Rung = rung,
            Epochs = epochs,
            Objective = double.IsFinite(final) ? final : null,
            ObjectiveEpoch = double.IsFinite(final) ? epochs : 0,
            Budget = double.IsFinite(final) ? epochs : 0,
            Config = config,
            Curve = curve,
            Issues = rung == 2
                ? [new TrainingIssue { Kind = IssueKind.Overfitting, Epoch = 12, LastEpoch = 18, Occurrences = 7, Evidence = "validation loss up 4 epochs", Advice = "add dropout or stop earlier" }]
                : [],
        };
    }
}
