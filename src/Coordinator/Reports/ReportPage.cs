using System.Globalization;
using System.Net;
using System.Text;
using Hpo.Engine.Options;

namespace Hpo.Coordinator.Reports;

/// <summary>
/// The report's HTML page. The same builder serves the directory (images as <c>plots/NAME.png</c>) and the inline
/// page (images as data URIs): only <c>source</c>, which gives a drawn figure's <c>src</c>, differs.
/// </summary>
internal static class ReportPage
{
    public static string Render(ReportContent content, Func<ReportFigure, string> source)
    {
        var r = content.Results;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E($"Sweep {r.Status.Id}{(r.Status.Name is { } n ? " (" + n + ")" : "")}")).Append("</title>\n")
            .Append("<style>\n").Append(ReportAssets.Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Sweep ").Append(E(r.Status.Id)).Append("</h1>\n");
        Summary(html, r);

        html.Append("<h2 id=\"best\">Best trial</h2>\n");
        BestTrial(html, content, source);

        html.Append("<h2 id=\"history\">Optimisation history</h2>\n");
        Figure(html, content.Figure(OptimisationHistoryPlots.ByTimeName), source);
        Figure(html, content.Figure(OptimisationHistoryPlots.ByEpochsName), source);

        html.Append("<h2 id=\"curves\">Learning curves</h2>\n");
        Figure(html, content.Figure(LearningCurvesPlot.Name), source);

        html.Append("<h2 id=\"parameters\">Hyperparameters</h2>\n");
        html.Append("<p>").Append(E(ParameterImportance.Method)).Append("</p>\n");
        Figure(html, content.Figure(ImportancePlot.Name), source);
        Importance(html, content);
        Figure(html, content.Figure(ParallelCoordinatesPlot.Name), source);
        html.Append("<div class=\"grid\">\n");
        foreach (var figure in content.Figures.Where(f => f.Name.StartsWith("parameter-", StringComparison.Ordinal)))
        {
            Figure(html, figure, source);
        }
        html.Append("</div>\n");

        html.Append("<h2 id=\"trials\">All trials</h2>\n<p>Click a header to sort. Also in <code>")
            .Append(ReportWriter.CsvFile).Append("</code> and <code>").Append(ReportWriter.JsonFile).Append("</code> beside a written report.</p>\n");
        Trials(html, content);

        html.Append("<script>\n").Append(ReportAssets.Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, SweepResults r)
    {
        var s = r.Status;
        var rows = new List<(string, string)>
        {
            ("id", s.Id),
            ("name", s.Name ?? "—"),
            ("state", Name(s.State) + (s.FinishReason is { } why ? $" ({Name(why)})" : "") + (s.Error is { } error ? $": {error}" : "")),
            ("scheduler", s.Scheduler is { } scheduler ? Name(scheduler) : "—"),
            ("sampler", s.Sampler is { } sampler ? Name(sampler) : "—"),
            ("metric", $"{s.Metric}, {(r.Mode == ObjectiveMode.Max ? "maximised" : "minimised")}"),
            ("trials", $"{r.Trials.Count}{(s.MaxTrials is { } max ? $" of at most {max}" : "")}: {ByStatus(r)}"),
            ("epochs", $"{Math.Max(s.EpochsTotal, r.Trials.Sum(t => (long)t.Detail.Curve.Count))} in all, at most {s.MaxEpochs} per trial"),
            ("elapsed", Elapsed(r)),
            ("submitted", Time(s.SubmittedAt)),
            ("best", r.Best is { } best ? $"trial {best.Trial}: {s.Metric} {Number(best.Objective)} ({ScopeText(s.Scope, best.Detail)}), trained to {best.Budget} epochs, the most any trial reached" : "no trial has a finite objective yet"),
        };
        if (s.BestTest is { } test) rows.Add(("test set", test.Describe()));
        else if (s.TestError is { } testError) rows.Add(("test set", $"no figures: {testError}"));
        if (s.BestRefit is { } refit) rows.Add(("refit", refit.Describe()));
        else if (s.RefitError is { } refitError) rows.Add(("refit", $"none: {refitError}"));
        html.Append("<table class=\"summary\">\n");
        foreach (var (key, value) in rows)
        {
            html.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string ByStatus(SweepResults r)
    {
        var counts = r.Status.ByStatus.Count > 0
            ? r.Status.ByStatus.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key).Select(kv => (Status: kv.Key, Count: kv.Value))
            : r.Trials.GroupBy(t => t.Detail.Status).OrderBy(g => g.Key).Select(g => (Status: g.Key, Count: g.Count()));
        var text = string.Join(", ", counts.Select(c => $"{c.Count} {Name(c.Status)}"));
        return text.Length == 0 ? "none yet" : text;
    }

    private static string Elapsed(SweepResults r)
    {
        var s = r.Status;
        var lastRecorded = r.Trials.SelectMany(t => t.Detail.Curve).Select(p => p.At).Where(a => a is not null).Max();
        var start = s.StartedAt ?? r.Trials.SelectMany(t => t.Detail.Curve).Select(p => p.At).Where(a => a is not null).Min();
        var end = s.FinishedAt ?? lastRecorded;
        if (start is null || end is null) return "not recorded";
        var span = s.RunningSeconds is { } running ? TimeSpan.FromSeconds(running) : end.Value - start.Value;
        var text = span.ToString(span.TotalHours >= 24 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return s.FinishedAt is null ? $"{text} running, up to the last epoch recorded" : $"{text} running (started {Time(start.Value)}, finished {Time(end.Value)})";
    }

    /// <summary>What the objective is: "last epoch, 27", "best epoch, 14", "mean of the last 3 epochs, to 27".</summary>
    private static string ScopeText(string scope, Sweeps.Control.TrialDetail trial)
    {
        var parsed = Sweeps.Search.ObjectiveScope.Named(scope);
        return $"{parsed.Describe()}, {(parsed.Kind == Sweeps.Search.ObjectiveScopeKind.MeanOfLast ? "to epoch" : "epoch")} {trial.ObjectiveEpoch}";
    }

    private static void BestTrial(StringBuilder html, ReportContent content, Func<ReportFigure, string> source)
    {
        var r = content.Results;
        if (r.Best is not { } best)
        {
            html.Append("<p class=\"skipped\">No trial has a finite objective yet.</p>\n");
            return;
        }
        var d = best.Detail;
        html.Append("<p>Trial ").Append(d.Trial).Append(": ").Append(E(r.Status.Metric)).Append(' ').Append(E(Number(best.Objective)))
            .Append(" (").Append(E(ScopeText(r.Status.Scope, d))).Append("), ")
            .Append(E(Sweeps.Control.StopReasonText.Describe(d.Status, d.StopReason, d.Rung, d.Epochs)))
            .Append(", rung ").Append(d.Rung).Append(", ").Append(d.Epochs).Append(" epochs.</p>\n");
        html.Append("<h3>Configuration</h3>\n<table>\n<tr><th>hyperparameter</th><th>value</th></tr>\n");
        foreach (var (path, value) in d.Config.Values)
        {
            html.Append("<tr><td>").Append(E(path)).Append("</td><td>").Append(E(value.ToString())).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
        Figure(html, content.Figure(BestTrialPlot.Name), source);
        html.Append("<h3>Training issues</h3>\n");
        if (d.Issues.Count == 0)
        {
            html.Append("<p>No training issue was detected.</p>\n");
            return;
        }
        html.Append("<table>\n<tr><th>kind</th><th>epochs</th><th>evidence</th><th>advice</th></tr>\n");
        foreach (var issue in d.Issues)
        {
            var epochs = issue.Epoch == 0 ? "before training"
                : issue.Occurrences > 1 ? $"{issue.Epoch} to {Math.Max(issue.LastEpoch, issue.Epoch)} ({issue.Occurrences} epochs)"
                : issue.Epoch.ToString(CultureInfo.InvariantCulture);
            html.Append("<tr><td>").Append(E(issue.KindName)).Append("</td><td>").Append(E(epochs))
                .Append("</td><td>").Append(E(issue.Evidence)).Append("</td><td>").Append(E(issue.Advice)).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Importance(StringBuilder html, ReportContent content)
    {
        if (content.Importance.All(s => s.Importance == 0)) return;
        html.Append("<table>\n<tr><th>hyperparameter</th><th>importance</th><th>variance explained alone</th><th>trials</th></tr>\n");
        foreach (var share in content.Importance)
        {
            html.Append("<tr><td>").Append(E(share.Path))
                .Append("</td><td class=\"number\">").Append((share.Importance * 100).ToString("0.0", CultureInfo.InvariantCulture)).Append('%')
                .Append("</td><td class=\"number\">").Append(share.ExplainedVariance.ToString("F3", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"number\">").Append(share.Trials).Append("</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Trials(StringBuilder html, ReportContent content)
    {
        var table = content.Table;
        html.Append("<div class=\"scroll\">\n<table class=\"sortable\" id=\"trial-table\">\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }
        html.Append("</tr></thead>\n<tbody>\n");
        int? best = content.Results.Best?.Trial;
        foreach (var row in table.Rows)
        {
            html.Append(row.Trial == best ? "<tr class=\"best\">" : "<tr>");
            foreach (var cell in table.Cells(row))
            {
                if (cell is double or long or int)
                {
                    // A non-finite number sorts with the blanks, last.
                    var sortValue = cell is double d && !double.IsFinite(d) ? "" : TrialTable.Text(cell, roundTrip: true);
                    html.Append("<td class=\"number\" data-value=\"").Append(E(sortValue)).Append("\">")
                        .Append(E(TrialTable.Text(cell, roundTrip: false))).Append("</td>");
                }
                else
                {
                    html.Append("<td>").Append(E(TrialTable.Text(cell, roundTrip: false))).Append("</td>");
                }
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n");
    }

    private static void Figure(StringBuilder html, ReportFigure figure, Func<ReportFigure, string> source)
    {
        if (figure.Image is null)
        {
            html.Append("<p class=\"skipped\" data-plot=\"").Append(E(figure.Name)).Append("\">")
                .Append(E(figure.Title)).Append(": ").Append(E(figure.SkipReason ?? "nothing to draw.")).Append("</p>\n");
            return;
        }
        html.Append("<figure><img src=\"").Append(E(source(figure))).Append("\" alt=\"").Append(E(figure.Title))
            .Append("\" width=\"").Append(figure.Width).Append("\" height=\"").Append(figure.Height).Append("\">")
            .Append("<figcaption>").Append(E(figure.Caption)).Append("</figcaption></figure>\n");
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => TrialTable.Name(value).Replace('_', ' ');

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
