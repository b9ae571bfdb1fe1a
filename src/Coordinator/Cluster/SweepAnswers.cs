using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Cluster;

/// <summary>What a sweep actor answers to the queries that need more than its view's status.</summary>
internal static class SweepAnswers
{
    /// <summary>The best trial and where to fetch its model: the node that last trained it first, then every other.</summary>
    public static BestTrial BestTrial(string sweepId, SweepController controller, SweepView view)
    {
        var state = controller.State;
        var nodes = new List<string>();
        if (state.BestTrial is int best && controller.LastNodeOf(best) is { } last) nodes.Add(last);
        nodes.AddRange(controller.Room.Slots.Keys.Where(n => !nodes.Contains(n)));
        var model = view.Model(state);
        return new BestTrial(sweepId, state.BestTrial, state.BestObjective)
        {
            Refit = model?.Source == ModelSource.Refit,
            Source = model?.Source ?? ModelSource.Trial,
            ModelEpoch = model?.Epoch ?? 0,
            Nodes = nodes,
            NotStored = model?.NotStored,
        };
    }

    /// <summary>The status of a sweep whose journal cannot be read back.</summary>
    public static SweepStatus Broken(string sweepId, SweepCreated? created, string? error) => new()
    {
        Id = sweepId,
        State = SweepRunState.Broken,
        Error = error,
        Metric = "",
        SubmittedAt = created?.SubmittedAt ?? default,
    };
}
