using ScottPlot;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// Viridis over the epochs trials trained, stopping short of its palest yellow so every point shows on white:
/// the points' colours and the colour bar that explains them.
/// </summary>
internal sealed class EpochColours(int low, int high) : IHasColorAxis, IColormap
{
    private static readonly ScottPlot.Colormaps.Viridis Viridis = new();

    public string Name => "viridis (epochs)";

    public IColormap Colormap => this;

    public Color GetColor(double normalizedIntensity) => Viridis.GetColor(0.85 * Math.Clamp(normalizedIntensity, 0, 1));

    public Color Of(int epochs) => GetColor(high > low ? (epochs - low) / (double)(high - low) : 1);

    public ScottPlot.Range GetRange() => high > low ? new ScottPlot.Range(low, high) : new ScottPlot.Range(low - 0.5, high + 0.5);
}
