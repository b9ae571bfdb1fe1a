using Hpo.Engine.Training;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>
/// The one evaluation of a sweep's best trial on the test split, at <see cref="Epoch"/> (its objective's checkpoint):
/// the work of a <see cref="OncePerSweepOrder"/>, recorded as <see cref="BestTrialTested"/>. With
/// <see cref="StoreModel"/> (the winner's objective epoch is not its last) the same order stores that model as the
/// sweep's best model, and the event says whether it is stored.
/// </summary>
public sealed class BestTrialTest(int trial, int epoch, TrialPlan plan, bool storeModel = false) : OncePerSweepWork(trial, plan)
{
    public override OncePerSweepKind Kind => OncePerSweepKind.Test;
    public int Epoch { get; } = epoch;

    /// <summary>The order also stores the model at <see cref="Epoch"/> as the sweep's best model.</summary>
    public bool StoreModel { get; } = storeModel;

    public override string Doing => StoreModel
        ? $"evaluating and storing the best trial {Trial} (epoch {Epoch})"
        : $"evaluating the best trial {Trial} (epoch {Epoch}) on the test split";

    public override string Asked => $"the evaluation of trial {Trial} on the test split";
    public override string Ask => $"evaluate trial {Trial} on the test split";

    public override object GaveUp(string why) => new BestTrialTested(Trial, Epoch, null, why) { ModelError = StoreModel ? why : null };

    public override object? Answered(object answer)
    {
        if (answer is not TestAnswer evaluated || evaluated.TrialId != Trial) return null;
        var error = evaluated.Error ?? (evaluated.Test is null or { Samples: 0 } ? "the data has no test samples" : null);
        bool stored = StoreModel && evaluated.Stored && evaluated.Epoch == Epoch;
        return new BestTrialTested(Trial, evaluated.Epoch, error is null ? evaluated.Test : null, error)
        {
            ModelStored = stored,
            ModelError = !StoreModel || stored ? null
                : evaluated.StoreError ?? evaluated.Error ?? $"the worker stored no model at epoch {Epoch} (answered for epoch {evaluated.Epoch})",
        };
    }

    /// <summary>
    /// The test a finished sweep owes (its data has a test split, or its best model must be stored; until recorded the
    /// status says <see cref="SweepStatus.TestPending"/>), answered within <paramref name="least"/> or four heartbeat windows.
    /// </summary>
    public static OncePerSweepStart? Begin(SweepState state, SweepView view, Func<int, TrialPlan?> planOf, TimeSpan least,
        TimeSpan heartbeatWindow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(planOf);
        if (view.TestPendingFor(state) is not int trial) return null;
        int epoch = state.Trial(trial).CheckpointEpoch;
        bool store = SweepView.StoresBestModel(state, trial);
        if (planOf(trial) is not { } plan)
        {
            const string why = "the best trial's plan cannot be built again";
            return new OncePerSweepStart(null, new BestTrialTested(trial, epoch, null, why) { ModelError = store ? why : null });
        }
        var within = TimeSpan.FromTicks(Math.Max(least.Ticks, 4 * heartbeatWindow.Ticks));
        return new OncePerSweepStart(new OncePerSweepOrder(new BestTrialTest(trial, epoch, plan, store), now, within), null);
    }

    public static IReadOnlyList<OutcomeLine> Outcome(BestTrialTested tested, string? node, bool hasTestSplit)
    {
        ArgumentNullException.ThrowIfNull(tested);
        var lines = new List<OutcomeLine>(2);
        if (tested.Test is { } t)
            lines.Add(new(false, $"{TestFigures.Of(tested.Trial, tested.Epoch, t).Describe()} (epoch {tested.Epoch}, evaluated on {node})"));
        else if (hasTestSplit)
            lines.Add(new(true, $"the best trial {tested.Trial} has no test figures: {tested.Error}"));
        if (tested.ModelStored)
            lines.Add(new(false, $"stored the best trial {tested.Trial}'s model at its objective epoch {tested.Epoch}"));
        else if (tested.ModelError is { } notStored)
            lines.Add(new(true, $"the best trial {tested.Trial}'s model at epoch {tested.Epoch} is not stored: {notStored}"));
        return lines;
    }
}
