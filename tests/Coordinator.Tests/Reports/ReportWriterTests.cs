using System.Text.RegularExpressions;
using Hpo.Coordinator.Reports;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Sweeps.Control;
using SkiaSharp;

namespace Hpo.Coordinator.Tests.Reports;

public sealed partial class ReportWriterTests
{
    /// <summary>The plots of the sample sweep: its three parameters give three parameter plots.</summary>
    private static readonly string[] Plots =
    [
        "best-trial", "history-time", "history-epochs", "learning-curves", "importance", "parallel-coordinates",
        "parameter-training-learning-rate", "parameter-model-hidden", "parameter-training-optimizer",
    ];

    [Fact]
    public void Every_plot_is_a_real_png_of_its_size_with_more_than_a_few_colours()
    {
        using var dir = new TempDir();

        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);

        var pngs = written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Plots.Order(), pngs.Select(Path.GetFileNameWithoutExtension).Order());
        foreach (var png in pngs)
        {
            Assert.True(File.Exists(png), png);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            var (width, height) = ExpectedSize(Path.GetFileNameWithoutExtension(png));
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
            int colours = bitmap.Pixels.Select(p => (uint)p).Distinct().Count();
            Assert.True(colours > 20, $"{Path.GetFileName(png)} has {colours} colours");
        }
    }

    [Fact]
    public void The_directory_holds_the_page_the_plots_and_the_trial_table_and_the_page_references_every_plot()
    {
        using var dir = new TempDir();

        var written = ReportWriter.WriteDirectory(ReportHistories.Asha(), dir.Path);

        Assert.Equal(Plots.Length + 3, written.Count);
        Assert.All(written, f => Assert.True(File.Exists(f), f));
        Assert.All(["index.html", "trials.csv", "trials.json"], f => Assert.Contains(Path.Combine(dir.Path, f), written));
        var html = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        var sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(Plots.Select(p => $"plots/{p}.png").Order(), sources.Order());
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_gives_the_best_trials_test_figures_and_the_refit_when_the_sweep_has_them()
    {
        var history = ReportHistories.Asha();
        Assert.DoesNotContain("on the test set", ReportWriter.RenderInlineHtml(history), StringComparison.Ordinal);
        var status = history.Status with
        {
            BestTest = new TestFigures(3, 9, 360, 0.0831, 0.975, null, null, null),
            BestRefit = new RefitFigures(3, 8, 1437, 360, 0.07, 0.9806, null, null, null),
        };

        var html = ReportWriter.RenderInlineHtml(history with { Status = status });

        Assert.Contains("best trial 3 on the test set (360 samples): accuracy 0.975, loss 0.0831", html, StringComparison.Ordinal);
        Assert.Contains("refit of trial 3 on training + validation (1437 samples, 8 epochs) on the test set (360 samples): accuracy 0.9806, loss 0.07",
            html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_inline_page_is_the_same_page_with_every_plot_as_a_data_uri()
    {
        var html = ReportWriter.RenderInlineHtml(ReportHistories.Asha());

        var sources = ImageSource().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(Plots.Length, sources.Length);
        foreach (var source in sources)
        {
            Assert.StartsWith("data:image/png;base64,", source, StringComparison.Ordinal);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(source["data:image/png;base64,".Length..]));
            Assert.NotNull(bitmap);
        }
    }

    [Fact]
    public void The_page_shows_the_summary_the_best_trial_its_issues_and_a_sortable_row_per_trial()
    {
        var history = ReportHistories.Asha();
        var html = ReportWriter.RenderInlineHtml(history);
        var best = history.Trials.Where(t => t.Curve.Count > 0 && double.IsFinite(t.Curve[^1].Objective))
            .MaxBy(t => t.Curve[^1].Objective)!;

        Assert.Contains("<h1>Sweep digits-asha</h1>", html, StringComparison.Ordinal);
        Assert.Contains("val_accuracy, maximised", html, StringComparison.Ordinal);
        Assert.Contains("14 of at most 14: 11 completed, 1 stopped, 1 failed, 1 diverged", html, StringComparison.Ordinal);
        Assert.Contains("00:05:00", html, StringComparison.Ordinal);
        Assert.Contains($"<p>Trial {best.Trial}: val_accuracy", html, StringComparison.Ordinal);
        Assert.Contains("<td>overfitting</td><td>12 to 18 (7 epochs)</td><td>validation loss up 4 epochs</td><td>add dropout or stop earlier</td>", html, StringComparison.Ordinal);
        Assert.Contains(ParameterImportance.Method.Replace("'", "&#39;", StringComparison.Ordinal), html, StringComparison.Ordinal);
        // Importance and the slices compare trials at one budget: 6 epochs, the highest that 8 trials reached (7 reached 18).
        Assert.Contains("Hyperparameter importance at 6 epochs (8 trials)", html, StringComparison.Ordinal);
        Assert.Contains("Objective at 6 epochs against training.learning_rate (8 trials)", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"sortable\"", html, StringComparison.Ordinal);
        Assert.Equal(history.Trials.Count, TableRow().Count(html));
        Assert.Contains("out of memory, &quot;hidden&quot; too large", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_with_no_finished_epoch_draws_no_plot_and_says_why()
    {
        using var dir = new TempDir();

        var written = ReportWriter.WriteDirectory(ReportHistories.Empty(), dir.Path);

        Assert.DoesNotContain(written, f => f.EndsWith(".png", StringComparison.Ordinal));
        var html = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Equal(Plots.Length - 1, SkippedPlot().Count(html)); // the best trial's section says it once for its plot
        Assert.Contains("No trial has a finite objective yet", html, StringComparison.Ordinal);
        Assert.Equal(2, TableRow().Count(html));
    }

    [Fact]
    public void A_sweep_with_no_searched_parameter_skips_the_parameter_plots_and_keeps_the_configuration_in_the_table()
    {
        var history = ReportHistories.Asha() with { Parameters = [] };

        var html = ReportWriter.RenderInlineHtml(history);

        Assert.Equal(Plots.Length - 5, ImageSource().Count(html));
        Assert.Contains("The sweep searched no hyperparameters, so there is no importance to measure.", html, StringComparison.Ordinal);
        Assert.Contains("The sweep searched no hyperparameters, so there are no coordinates to draw.", html, StringComparison.Ordinal);
        Assert.Equal(
            ["trial", "status", "stop_reason", ReportHistories.Hidden, "training.epochs", ReportHistories.LearningRate, ReportHistories.Optimizer],
            TrialTable.Of(history).Columns.Take(7));
    }

    [Fact]
    public void Without_recorded_times_the_history_is_drawn_in_trial_order()
    {
        var history = ReportHistories.Asha();
        history = history with
        {
            Status = history.Status with { StartedAt = null, FinishedAt = null },
            Trials = history.Trials.Select(t => t with { Curve = t.Curve.Select(p => p with { At = null }).ToArray() }).ToArray(),
        };

        var html = ReportWriter.RenderInlineHtml(history);

        Assert.Equal(Plots.Length, ImageSource().Count(html));
        Assert.Contains("Optimisation history over time (no times recorded)", html, StringComparison.Ordinal);
        Assert.Contains("<th>elapsed</th><td>not recorded</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimised_objective_makes_the_lowest_objective_of_the_trials_trained_furthest_the_best()
    {
        var history = ReportHistories.Asha();
        history = history with { Status = history.Status with { Mode = Engine.Options.ObjectiveMode.Min, Metric = "val_loss" } };
        int furthest = history.Trials.Max(t => t.Budget);
        var worst = history.Trials.Where(t => t.Objective is not null && t.Budget == furthest).MinBy(t => t.Objective)!;
        Assert.Contains(history.Trials, t => t.Objective < worst.Objective); // a lower objective at a lower budget does not win

        var html = ReportWriter.RenderInlineHtml(history);

        Assert.Contains($"<p>Trial {worst.Trial}: val_loss", html, StringComparison.Ordinal);
        Assert.Contains("val_loss, minimised", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_run_by_the_real_scheduler_gives_every_plot_and_its_driving_parameter_ranks_first()
    {
        var history = SimulatedSweep.Run();
        using var dir = new TempDir();

        var written = ReportWriter.WriteDirectory(history, dir.Path);

        Assert.Equal(30, history.Trials.Count);
        Assert.Equal(6 + history.Parameters.Count, written.Count(f => f.EndsWith(".png", StringComparison.Ordinal)));
        var html = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.DoesNotContain("class=\"skipped\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("(no times recorded)", html, StringComparison.Ordinal);
        var importance = Assert.Single(Regex.Matches(html, "<tr><td>([^<]+)</td><td class=\"number\">[0-9.]+%</td>").Take(1));
        Assert.Equal("training.learning_rate", importance.Groups[1].Value);
        Assert.Equal(31, TrialTableTests.CsvRecords(File.ReadAllText(Path.Combine(dir.Path, "trials.csv"))).Count);
    }

    private static (int Width, int Height) ExpectedSize(string plot) => plot switch
    {
        "importance" => (ImportancePlot.Width, ImportancePlot.HeightFor(3)),
        "parallel-coordinates" => (ParallelCoordinatesPlot.Width, ParallelCoordinatesPlot.Height),
        _ when plot.StartsWith("parameter-", StringComparison.Ordinal) => (ParameterPlots.Width, ParameterPlots.Height),
        _ => (PlotCanvas.Width, PlotCanvas.Height),
    };

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("<tr( class=\"best\")?><td class=\"number\"")]
    private static partial Regex TableRow();

    [GeneratedRegex("<p class=\"skipped\" data-plot=")]
    private static partial Regex SkippedPlot();
}
