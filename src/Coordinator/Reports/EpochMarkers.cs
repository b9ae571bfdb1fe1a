namespace Hpo.Coordinator.Reports;

/// <summary>
/// Points coloured by the epochs their trial trained, with a legend saying so: an entry per number of epochs when
/// there are a few, a colour bar with whole-number ticks otherwise.
/// </summary>
internal static class EpochMarkers
{
    public const int MostLegendEntries = 6;
    public const string BarLabel = "epochs trained";

    public static void Add(ScottPlot.Plot plot, double[] xs, double[] ys, int[] epochs)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var colours = new EpochColours(epochs.Min(), epochs.Max());
        var counts = epochs.Distinct().Order().ToArray();
        if (counts.Length <= MostLegendEntries)
        {
            foreach (var count in counts)
            {
                var at = Enumerable.Range(0, xs.Length).Where(i => epochs[i] == count).ToArray();
                var markers = plot.Add.Markers(at.Select(i => xs[i]).ToArray(), at.Select(i => ys[i]).ToArray());
                markers.MarkerSize = 7;
                markers.Color = colours.Of(count).WithAlpha(0.8);
                markers.LegendText = $"trained {count} epoch{(count == 1 ? "" : "s")}";
            }
            return;
        }
        for (int i = 0; i < xs.Length; i++)
        {
            var marker = plot.Add.Marker(xs[i], ys[i]);
            marker.MarkerSize = 7;
            marker.Color = colours.Of(epochs[i]).WithAlpha(0.8);
        }
        var bar = plot.Add.ColorBar(colours);
        bar.Label = BarLabel;
        PlotCanvas.IntegerTicks(bar.Axis);
    }
}
