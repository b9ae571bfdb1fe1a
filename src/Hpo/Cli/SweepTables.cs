using System.Globalization;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Cli;

/// <summary>The plain-text tables of <c>hpo status</c> and <c>hpo trials</c>.</summary>
public static class SweepTables
{
    private static readonly TrialStatus[] Order = Enum.GetValues<TrialStatus>();

    /// <summary>One row per sweep: id, state, trials and trials by state, best, epochs, elapsed.</summary>
    public static void WriteStatus(TextWriter output, IReadOnlyList<SweepStatus> sweeps, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sweeps);
        var rows = sweeps.Select(s => new[]
        {
            s.Id,
            JournalJson.Name(s.State),
            s.Trials.ToString(CultureInfo.InvariantCulture) + (s.MaxTrials is { } m ? $"/{m}" : ""),
            s.State == SweepRunState.Broken ? s.Error ?? "" : ByStatus(s),
            s.Best is { } b ? $"{s.Metric} {F(b.Objective)} (trial {b.Trial}, {b.Budget} epochs)" : "-",
            s.EpochsTotal.ToString(CultureInfo.InvariantCulture),
            Elapsed(s, now),
        });
        Write(output, ["sweep", "state", "trials", "by state", "best", "epochs", "elapsed"], rows);
    }

    /// <summary>The trials of a sweep, best first (trials without a finite objective last), at most <paramref name="top"/>.</summary>
    public static void WriteTrials(TextWriter output, SweepHistory history, int top)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(history);
        var s = history.Status;
        output.WriteLine($"{s.Id}: {JournalJson.Name(s.State)}, {s.Trials} trials, {s.Metric} ({(s.Mode is { } mode ? JournalJson.Name(mode) : "-")})");
        if (s.State == SweepRunState.Broken)
        {
            output.WriteLine($"  {s.Error}");
            return;
        }
        var ranked = s.Leaderboard.Select(e => e.Trial).ToList();
        var order = ranked.Concat(history.Trials.Select(t => t.Trial).Where(t => !ranked.Contains(t)));
        int rank = 0;
        var rows = order.Take(top).Select(id =>
        {
            var t = history.Trials[id];
            var entry = s.Leaderboard.FirstOrDefault(e => e.Trial == id);
            return new[]
            {
                entry is null ? "-" : (++rank).ToString(CultureInfo.InvariantCulture),
                id.ToString(CultureInfo.InvariantCulture),
                entry is null ? "-" : F(entry.Objective),
                t.Epochs.ToString(CultureInfo.InvariantCulture),
                t.Rung.ToString(CultureInfo.InvariantCulture),
                StopReasonText.Describe(t.Status, t.StopReason, t.Rung, t.Epochs),
                t.Config.ToString(),
            };
        });
        Write(output, ["rank", "trial", s.Metric, "epochs", "rung", "status", "config"], rows);
    }

    private static string ByStatus(SweepStatus s) =>
        string.Join(" ", Order.Where(k => s.ByStatus.GetValueOrDefault(k) > 0).Select(k => $"{JournalJson.Name(k)} {s.ByStatus[k]}"));

    /// <summary>The time the sweep ran (<see cref="SweepStatus.RunningSeconds"/>); for a journal without times, from its start to its end or now.</summary>
    private static string Elapsed(SweepStatus s, DateTimeOffset now)
    {
        TimeSpan span;
        if (s.RunningSeconds is { } running) span = TimeSpan.FromSeconds(running);
        else
        {
            var start = s.StartedAt ?? s.SubmittedAt;
            var end = s.FinishedAt ?? (s.IsOver ? (DateTimeOffset?)null : now);
            if (end is not { } e || start == default) return "-";
            span = e - start;
        }
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.TotalSeconds:0.0}s";
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void Write(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
