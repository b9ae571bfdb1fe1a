using Hpo.Sweeps.Control;

namespace Hpo.Cli;

/// <summary>
/// When a follower without a terminal (a log file, a pipe) prints a progress line: when the sweep's state changes
/// (a trial starts or ends, a rung gains a trial, the best improves, the sweep ends), else at most every
/// <see cref="Quiet"/>. Epoch counts alone change every poll; they do not make a line.
/// </summary>
public sealed class ProgressCadence
{
    /// <summary>The longest silence while nothing but epochs changes.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    private string? _last;
    private TimeSpan _printedAt;

    /// <summary>Whether to print <paramref name="status"/>, polled at <paramref name="now"/> (time since the follower started).</summary>
    public bool ShouldPrint(SweepStatus status, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var key = Key(status);
        if (_last is not null && key == _last && now - _printedAt < Quiet && !status.IsOver) return false;
        _last = key;
        _printedAt = now;
        return true;
    }

    private static string Key(SweepStatus s) =>
        $"{s.State}|{string.Join(",", s.ByStatus.OrderBy(kv => kv.Key).Select(kv => kv.Value))}|" +
        $"{string.Join(",", s.Rungs.Select(r => r.Reached))}|{s.Best?.Trial}|{s.Best?.Objective}";
}
