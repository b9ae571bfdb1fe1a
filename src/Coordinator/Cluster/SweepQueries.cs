using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Coordinator.Cluster;

/// <summary>What a sweep answers to the queries about it (its status, a trial, its best trial), from its decisions and its view.</summary>
internal sealed class SweepQueries(string sweepId, SweepController controller, SweepView view)
{
    /// <summary>The answer to <paramref name="query"/> (<see cref="GetSweep"/>, <see cref="ListSweepsItem"/>, <see cref="GetTrial"/>, <see cref="GetBestTrial"/>).</summary>
    public object Answer(object query) => query switch
    {
        GetSweep q => Status(q.Leaderboard),
        ListSweepsItem => Status(0),
        GetTrial q => (object?)view.Trial(controller.State, q.Trial) ?? new TrialNotFound(sweepId, q.Trial),
        GetBestTrial => BestTrial(),
        _ => throw new ArgumentException($"{query.GetType().Name} is not a query about a sweep", nameof(query)),
    };

    public SweepStatus Status(int leaderboard) =>
        view.Status(controller.State, controller.Room.TotalSlots, controller.Room.BusySlots, leaderboard, controller.Queued);

    /// <summary>The best trial and where to fetch its model: the node that last trained it first, then every other.</summary>
    public BestTrial BestTrial()
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
