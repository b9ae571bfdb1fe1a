using Hpo.Engine.Options;
using ScottPlot;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// Viridis over a range of objectives, bright for the best: reversed when the objective is minimised. Serves the
/// lines and the colour bar that explains them.
/// </summary>
internal sealed class ObjectiveColours(ObjectiveMode mode, double low, double high) : IHasColorAxis, IColormap
{
    private static readonly ScottPlot.Colormaps.Viridis Viridis = new();

    public string Name => mode == ObjectiveMode.Max ? "viridis" : "viridis reversed";

    public IColormap Colormap => this;

    public Color GetColor(double normalizedIntensity) =>
        Viridis.GetColor(mode == ObjectiveMode.Max ? normalizedIntensity : 1 - normalizedIntensity);

    public Color Of(double objective) => GetColor(high > low ? (objective - low) / (high - low) : 1);

    public ScottPlot.Range GetRange() => high > low ? new ScottPlot.Range(low, high) : new ScottPlot.Range(low - 0.5, high + 0.5);
}
