using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Control;

/// <summary>The trials a sweep's end left paused on the workers: none will be promoted, so their models can leave the workers' memory.</summary>
public static class ParkedTrials
{
    /// <summary>A release for every trial the end stopped (finished, cancelled, its store failing), to the node that last trained it.</summary>
    public static IReadOnlyList<ReleaseOrder> Releases(SweepController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var releases = new List<ReleaseOrder>();
        foreach (var trial in controller.State.Trials)
        {
            if (trial.StopReason is StopReason.SweepFinished or StopReason.Cancelled or StopReason.StorageFailed && controller.LastNodeOf(trial.Id) is { } node)
                releases.Add(new ReleaseOrder(trial.Id, node));
        }
        return releases;
    }
}
