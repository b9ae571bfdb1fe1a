using System.Globalization;
using System.Text.Json.Nodes;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;
using Spectre.Console;

namespace Hpo.Cli;

/// <summary>How a sweep's status is shown: a progress line, a live panel, the leaderboard and the JSON outcome.</summary>
public static class SweepReport
{
    private static readonly TrialStatus[] Order = Enum.GetValues<TrialStatus>();

    private static string N<TEnum>(TEnum value) where TEnum : struct, Enum => JournalJson.Name(value);

    private static string N<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? JournalJson.Name(v) : "-";

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>One plain line: trials by state, rung counts, best so far, epochs and epochs per second.</summary>
    public static string Line(SweepStatus s, double epochsPerSecond)
    {
        var states = string.Join(" ", Order.Where(k => s.ByStatus.GetValueOrDefault(k) > 0).Select(k => $"{N(k)} {Count(s, k)}"));
        var rungs = string.Join(" ", s.Rungs.Select(r => $"{r.Epochs}:{r.Reached}"));
        var best = s.Best is { } b ? $"best at {b.Budget} epochs: {s.Metric} {F(b.Objective)} (trial {b.Trial})" : "best -";
        var testing = s.TestPending ? " (testing the best trial)" : s.BestModelPending ? " (storing the best trial's model)"
            : s.RefitPending ? " (refitting the best trial)" : "";
        return $"{s.Id}: {N(s.State)}{testing}; trials {s.Trials} [{states}]; rungs (epoch:reached) {rungs}; {best}; " +
               $"{s.EpochsTotal} epochs, {epochsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)}/s; slots {s.BusySlots}/{s.Slots}" +
               (s.QueuedRungs > 0 ? $" (+{s.QueuedRungs} queued)" : "");
    }

    /// <summary>
    /// Trials in a state; running ones count apart those whose rung waits in a worker's queue for a slot ("running 2
    /// (+2 queued)"), so running never exceeds the slots.
    /// </summary>
    private static string Count(SweepStatus s, TrialStatus state)
    {
        int n = s.ByStatus.GetValueOrDefault(state);
        if (state != TrialStatus.Running || s.QueuedRungs <= 0) return n.ToString(CultureInfo.InvariantCulture);
        int queued = Math.Min(n, s.QueuedRungs);
        return $"{(n - queued).ToString(CultureInfo.InvariantCulture)} (+{queued.ToString(CultureInfo.InvariantCulture)} queued)";
    }

    /// <summary>What a trial's objective is: "last epoch", "best epoch", "mean of the last 3 epochs".</summary>
    public static string ScopeText(SweepStatus s) => Sweeps.Search.ObjectiveScope.Named(s.Scope).Describe();

    /// <summary>The live panel (a terminal).</summary>
    public static Spectre.Console.Rendering.IRenderable Panel(SweepStatus s, double epochsPerSecond)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]trials[/]", Markup.Escape($"{s.Trials}" + (s.MaxTrials is { } m ? $" of {m}" : "")));
        grid.AddRow("[bold]by state[/]", Markup.Escape(string.Join("  ", Order.Select(k => $"{N(k)} {Count(s, k)}"))));
        grid.AddRow("[bold]rungs[/]", Markup.Escape(string.Join("  ", s.Rungs.Select(r => $"epoch {r.Epochs}: {r.Reached} reached, {r.Paused} paused, {r.Promoted} promoted"))));
        grid.AddRow("[bold]best so far[/]", Markup.Escape(s.Best is { } b
            ? $"{s.Metric} {F(b.Objective)} (trial {b.Trial}, {ScopeText(s)}; best of the trials trained to {b.Budget} epochs, the most so far)"
            : "-"));
        grid.AddRow("[bold]epochs[/]", Markup.Escape($"{s.EpochsTotal} ({epochsPerSecond.ToString("0.0", CultureInfo.InvariantCulture)}/s)"));
        grid.AddRow("[bold]slots[/]", Markup.Escape($"{s.BusySlots} busy of {s.Slots}" + (s.QueuedRungs > 0 ? $", {s.QueuedRungs} rungs queued" : "")));
        return new Panel(grid).Header(Markup.Escape($"{s.Id} ({N(s.Scheduler)}, {N(s.Sampler)}): {N(s.State)}"));
    }

    public static void WriteLeaderboard(TextWriter output, SweepStatus s, int rows = 10)
    {
        output.WriteLine($"leaderboard of {s.Id} ({s.Metric}, {N(s.Mode)}, {ScopeText(s)}; trials trained furthest first):");
        if (s.Leaderboard.Count == 0)
        {
            output.WriteLine("  no trial reached a finite objective");
            return;
        }
        output.WriteLine($"  {"rank",4}  {"trial",5}  {s.Metric,12}  {"epochs",6}  {"status",-9}  config");
        int rank = 1;
        foreach (var e in s.Leaderboard.Take(rows))
            output.WriteLine($"  {rank++,4}  {e.Trial,5}  {F(e.Objective),12}  {e.Epochs,6}  {N(e.Status),-9}  {e.Config}");
        if (s.BestTest is { } test) output.WriteLine(test.Describe());
        else if (s.TestError is { } error) output.WriteLine($"best trial {s.Best?.Trial} on the test set: unavailable ({error})");
        else if (s.TestPending) output.WriteLine($"best trial {s.Best?.Trial} on the test set: being evaluated");
        if (s.BestRefit is { } refit) output.WriteLine(refit.Describe());
        else if (s.RefitError is { } refitError) output.WriteLine($"refit of trial {s.Best?.Trial}: unavailable ({refitError})");
        else if (s.RefitPending) output.WriteLine($"refit of trial {s.Best?.Trial} on training + validation: being trained");
    }

    /// <summary>The JSON of test figures: samples, loss, and accuracy or mse, mae and r2.</summary>
    public static JsonObject TestJson(TestFigures t)
    {
        var json = new JsonObject { ["epoch"] = t.Epoch, ["samples"] = t.Samples, ["loss"] = t.Loss };
        if (t.Accuracy is { } accuracy) json["accuracy"] = accuracy;
        else
        {
            json["mse"] = t.Mse;
            json["mae"] = t.Mae;
            json["r2"] = t.R2;
        }
        return json;
    }

    /// <summary>The JSON of a refit: epochs, train_samples, and its test figures when there is a test split.</summary>
    public static JsonObject RefitJson(RefitFigures r)
    {
        var json = new JsonObject { ["epochs"] = r.Epochs, ["train_samples"] = r.TrainSamples };
        if (r.Samples is not { } samples) return json;
        json["samples"] = samples;
        json["loss"] = r.Loss;
        if (r.Accuracy is { } accuracy) json["accuracy"] = accuracy;
        else
        {
            json["mse"] = r.Mse;
            json["mae"] = r.Mae;
            json["r2"] = r.R2;
        }
        return json;
    }

    /// <summary>
    /// The JSON outcome of a run (SPEC.md): sweep, trials, completed, stopped, failed, epochs_total, seconds, best
    /// (with <c>test</c> when the data has a test split: samples, loss, accuracy or mse, mae and r2; <c>test_error</c> when unavailable;
    /// with search.refit, <c>refit</c>: epochs, train_samples and those test figures, or <c>refit_error</c>).
    /// </summary>
    public static JsonObject Json(SweepStatus s, double seconds) => new()
    {
        ["sweep"] = s.Id,
        ["state"] = N(s.State),
        ["finish_reason"] = s.FinishReason is { } reason ? N(reason) : null,
        ["trials"] = s.Trials,
        ["completed"] = s.ByStatus.GetValueOrDefault(TrialStatus.Completed),
        ["stopped"] = s.ByStatus.GetValueOrDefault(TrialStatus.Stopped),
        ["failed"] = s.ByStatus.GetValueOrDefault(TrialStatus.Failed),
        ["diverged"] = s.ByStatus.GetValueOrDefault(TrialStatus.Diverged),
        ["epochs_total"] = s.EpochsTotal,
        ["seconds"] = Math.Round(seconds, 3),
        ["metric"] = s.Metric,
        ["best"] = s.Best is { } b ? BestJson(s, b) : null,
    };

    private static JsonObject BestJson(SweepStatus s, LeaderboardEntry b)
    {
        var best = new JsonObject
        {
            ["trial"] = b.Trial,
            ["objective"] = b.Objective,
            ["scope"] = s.Scope,
            ["objective_epoch"] = b.ObjectiveEpoch,
            ["epochs"] = b.Epochs,
            ["budget"] = b.Budget,
            ["config"] = JsonNode.Parse(JournalJson.Serialize(b.Config)),
        };
        // Only when the data has a test split: the figures, or why there are none.
        if (s.BestTest is { } t && t.Trial == b.Trial) best["test"] = TestJson(t);
        else if (s.TestError is { } error) best["test_error"] = error;
        if (s.BestRefit is { } r && r.Trial == b.Trial) best["refit"] = RefitJson(r);
        else if (s.RefitError is { } refitError) best["refit_error"] = refitError;
        return best;
    }
}
