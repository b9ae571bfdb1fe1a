using System.Globalization;
using Hpo.Coordinator.Reports;
using ScottPlot;

namespace Hpo.Coordinator.Tests.Reports;

public sealed class EpochAxesTests
{
    /// <summary>Two short trials: on an axis of 1 to 2 epochs an automatic scale would label 1.2, 1.4 and so on.</summary>
    private static SweepResults Short() => new(PlotHistories.Over(ReportHistories.Axes, [2], trials: 2));

    [Fact]
    public void The_learning_curves_label_their_epoch_axis_in_whole_epochs()
    {
        AssertWholeTicks(LearningCurvesPlot.Draw(Short(), ImageFormat.Svg));
    }

    [Fact]
    public void The_history_over_epochs_spent_labels_its_epoch_axis_in_whole_epochs()
    {
        var results = new SweepResults(PlotHistories.Over(ReportHistories.Axes, [1], trials: 2));

        AssertWholeTicks(OptimisationHistoryPlots.Draw(results, ImageFormat.Svg).Single(f => f.Name == OptimisationHistoryPlots.ByEpochsName));
    }

    [Fact]
    public void The_best_trials_curves_label_their_epoch_axis_in_whole_epochs()
    {
        AssertWholeTicks(BestTrialPlot.Draw(Short(), ImageFormat.Svg));
    }

    /// <summary>The bottom axis's tick labels are the numbers written on one line, the lowest such line on the image.</summary>
    private static void AssertWholeTicks(ReportFigure figure)
    {
        var numbers = Svg.Texts(figure.Image!).Where(t => double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var ticks = numbers.GroupBy(t => Math.Round(t.Y)).Where(g => g.Count() >= 2).MaxBy(g => g.Key);
        Assert.NotNull(ticks);
        Assert.All(ticks, t => Assert.True(int.TryParse(t.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"tick {t.Text}"));
    }
}
