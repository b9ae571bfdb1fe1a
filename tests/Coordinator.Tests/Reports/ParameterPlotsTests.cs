using Hpo.Coordinator.Reports;
using ScottPlot;

namespace Hpo.Coordinator.Tests.Reports;

public sealed class ParameterPlotsTests
{
    [Fact]
    public void Each_point_is_coloured_by_the_epochs_its_trial_trained_and_the_legend_says_so()
    {
        var results = new SweepResults(PlotHistories.Over(ReportHistories.Axes, [3, 3, 9]));
        var (budget, points) = results.AtOneBudget();
        Assert.Equal(3, budget);

        var figure = ParameterPlots.Draw(results, budget, points, ImageFormat.Svg).First();

        var fills = Svg.MarkerFills(figure.Image!);
        Assert.Equal(2, fills.Distinct().Count());
        var legend = Svg.Texts(figure.Image!).Select(t => t.Text).ToArray();
        Assert.Contains("trained 3 epochs", legend);
        Assert.Contains("trained 9 epochs", legend);
        Assert.Contains("coloured by the epochs the trial trained", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void With_many_different_epoch_counts_a_colour_bar_names_the_epochs_in_whole_numbers()
    {
        var results = new SweepResults(PlotHistories.Over(ReportHistories.Axes, [1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
        var (budget, points) = results.AtOneBudget();

        var figure = ParameterPlots.Draw(results, budget, points, ImageFormat.Svg).First();

        var texts = Svg.Texts(figure.Image!);
        Assert.Contains(texts, t => t.Text == EpochMarkers.BarLabel);
        Assert.True(Svg.MarkerFills(figure.Image!).Distinct().Count() >= 5);
    }
}
