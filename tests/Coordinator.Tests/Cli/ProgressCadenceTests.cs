using Hpo.Cli;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Cli;

public sealed class ProgressCadenceTests
{
    private static SweepStatus Status(int running, int completed, long epochs, SweepRunState state = SweepRunState.Running) => new()
    {
        Id = "s",
        State = state,
        Metric = "val_accuracy",
        ByStatus = new Dictionary<TrialStatus, int> { [TrialStatus.Running] = running, [TrialStatus.Completed] = completed },
        EpochsTotal = epochs,
    };

    [Fact]
    public void Epochs_alone_make_a_line_at_most_every_30_seconds()
    {
        var cadence = new ProgressCadence();
        var printed = Enumerable.Range(0, 300).Count(i => cadence.ShouldPrint(Status(2, 0, epochs: i * 7), TimeSpan.FromSeconds(i * 0.5)));

        Assert.Equal(5, printed); // at 0, 30, 60, 90 and 120 s of a 150-second poll
    }

    [Fact]
    public void A_trial_that_ends_and_the_end_of_the_sweep_make_a_line_at_once()
    {
        var cadence = new ProgressCadence();
        Assert.True(cadence.ShouldPrint(Status(2, 0, 10), TimeSpan.Zero));
        Assert.False(cadence.ShouldPrint(Status(2, 0, 20), TimeSpan.FromSeconds(1)));
        Assert.True(cadence.ShouldPrint(Status(1, 1, 25), TimeSpan.FromSeconds(2)));
        Assert.True(cadence.ShouldPrint(Status(0, 2, 30, SweepRunState.Finished), TimeSpan.FromSeconds(3)));
    }
}
