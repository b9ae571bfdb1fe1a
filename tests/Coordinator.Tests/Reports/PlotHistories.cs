using Hpo.Engine.Options;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Reports;

/// <summary>Finished sweeps over any axes, for the plots' tests: trial i's value of each axis spread over its range.</summary>
internal static class PlotHistories
{
    /// <summary>
    /// <paramref name="trials"/> trials maximising val_accuracy (better for later trials), trial i trained
    /// <paramref name="epochs"/>[i % length] epochs, one epoch a second.
    /// </summary>
    public static SweepHistory Over(IReadOnlyList<ParameterAxis> axes, int[] epochs, int trials = 16)
    {
        var details = Enumerable.Range(1, trials).Select(i =>
        {
            int trained = epochs[i % epochs.Length];
            double final = 0.5 + 0.4 * i / trials;
            var curve = Enumerable.Range(1, trained)
                .Select(e => new CurvePoint(e, final - 0.1 * (trained - e) / trained, 1.0 / e, 1.1 / e, 100, ReportHistories.T0.AddSeconds(i * 10 + e)))
                .ToArray();
            return new TrialDetail
            {
                SweepId = "plots",
                Trial = i,
                Status = TrialStatus.Completed,
                Epochs = trained,
                Objective = final,
                ObjectiveEpoch = trained,
                Budget = trained,
                Config = new TrialConfig(axes.Select(a => new KeyValuePair<string, ParamValue>(a.Path, Value(a, i))).ToArray()),
                Curve = curve,
            };
        }).ToArray();
        return new SweepHistory
        {
            Status = new SweepStatus
            {
                Id = "plots",
                State = SweepRunState.Finished,
                Scheduler = SchedulerKind.Fifo,
                Sampler = SamplerKind.Random,
                Metric = "val_accuracy",
                Mode = ObjectiveMode.Max,
                SubmittedAt = ReportHistories.T0,
                StartedAt = ReportHistories.T0,
                Trials = trials,
            },
            Trials = details,
            Parameters = axes,
        };
    }

    private static ParamValue Value(ParameterAxis axis, int i)
    {
        double spread = i * 0.618034 % 1;
        return axis.Scale switch
        {
            ParameterScale.Choice => ParamValue.Of(axis.Choices[i % axis.Choices.Count]),
            ParameterScale.Log => ParamValue.Of(axis.Low!.Value * Math.Pow(axis.High!.Value / axis.Low.Value, spread)),
            _ => ParamValue.Of(axis.Low!.Value + (axis.High!.Value - axis.Low.Value) * spread),
        };
    }
}
