using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Reports;

/// <summary>Everything a report shows, computed once: the results, the importance of each parameter, the plots and the trial table.</summary>
internal sealed class ReportContent
{
    private ReportContent(SweepResults results, IReadOnlyList<ParameterShare> importance, IReadOnlyList<ReportFigure> figures, TrialTable table)
    {
        Results = results;
        Importance = importance;
        Figures = figures;
        Table = table;
    }

    public SweepResults Results { get; }
    public IReadOnlyList<ParameterShare> Importance { get; }

    /// <summary>Every plot, drawn or skipped, in the order of the page.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; }
    public TrialTable Table { get; }

    public ReportFigure Figure(string name) => Figures.Single(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    public static ReportContent Of(SweepHistory history)
    {
        var results = new SweepResults(history);
        var (budget, points) = results.AtOneBudget();
        var importance = ParameterImportance.Compute(results.Parameters, points.Select(p => (p.Trial.Detail.Config, p.Objective)).ToArray());
        var figures = new List<ReportFigure> { BestTrialPlot.Draw(results) };
        figures.AddRange(OptimisationHistoryPlots.Draw(results));
        figures.Add(LearningCurvesPlot.Draw(results));
        figures.Add(ImportancePlot.Draw(results, importance, budget, points.Count));
        figures.Add(ParallelCoordinatesPlot.Draw(results));
        figures.AddRange(ParameterPlots.Draw(results, budget, points));
        return new ReportContent(results, importance, figures, TrialTable.Of(results));
    }
}
