using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hpo.Sweeps.Search;

/// <summary>
/// The one definition of a trial's objective at a budget of epochs (the spec's <c>objective.scope</c>: <c>last</c>,
/// <c>best</c> or <c>last-K-avg</c>, Ray Tune's names). Everything that reads a trial's objective reads it through
/// <see cref="At"/>: the scheduler's rungs, the leaderboard, the test evaluation and the refit.
/// </summary>
public sealed record ObjectiveScope(ObjectiveScopeKind Kind, int Window)
{
    /// <summary>The longest averaging window accepted.</summary>
    public const int MaxWindow = 1000;

    public static ObjectiveScope Last { get; } = new(ObjectiveScopeKind.Last, 1);
    public static ObjectiveScope Best { get; } = new(ObjectiveScopeKind.Best, 1);
    public static ObjectiveScope MeanOfLast(int window) => new(ObjectiveScopeKind.MeanOfLast, window);

    /// <summary>The spec's name: last, best or last-K-avg.</summary>
    public string Name => Kind switch
    {
        ObjectiveScopeKind.Best => "best",
        ObjectiveScopeKind.MeanOfLast => $"last-{Window.ToString(CultureInfo.InvariantCulture)}-avg",
        _ => "last",
    };

    /// <summary>How a user reads it: "last epoch", "best epoch", "mean of the last 5 epochs".</summary>
    public string Describe() => Kind switch
    {
        ObjectiveScopeKind.Best => "best epoch",
        ObjectiveScopeKind.MeanOfLast => $"mean of the last {Window} epochs",
        _ => "last epoch",
    };

    /// <summary>The scope a status names (<see cref="Name"/>); <see cref="Last"/>, the default, for a name it does not know.</summary>
    public static ObjectiveScope Named(string name) => TryParse(name, out var scope) ? scope : Last;

    public static bool TryParse(string text, [MaybeNullWhen(false)] out ObjectiveScope scope)
    {
        scope = text switch
        {
            "last" => Last,
            "best" => Best,
            _ => null,
        };
        if (scope is not null) return true;
        if (text.StartsWith("last-", StringComparison.Ordinal) && text.EndsWith("-avg", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5, text.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out int window)
            && window is >= 1 and <= MaxWindow)
        {
            scope = window == 1 ? Last : MeanOfLast(window);
            return true;
        }
        return false;
    }

    /// <summary>
    /// The objective after <paramref name="epochs"/> epochs of <paramref name="objectives"/> (one per epoch), and the epoch
    /// whose model it describes (its weights are the ones to test, save and refit for). Not finite when the last epoch is
    /// not (a trial that diverged has no objective), or when the scope finds no finite epoch.
    /// </summary>
    /// <param name="score">Turns an objective into a score, higher better (the objective's mode).</param>
    public ScopedObjective At(ReadOnlySpan<float> objectives, int epochs, Func<float, float> score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epochs, objectives.Length);
        float last = objectives[epochs - 1];
        if (!float.IsFinite(last)) return new ScopedObjective(float.NaN, epochs);
        switch (Kind)
        {
            case ObjectiveScopeKind.Best:
                {
                    // The first of equal bests: the earliest epoch reaching the best score.
                    int bestEpoch = 0;
                    float bestScore = float.NegativeInfinity;
                    for (int e = 1; e <= epochs; e++)
                    {
                        float value = objectives[e - 1];
                        if (!float.IsFinite(value) || (bestEpoch > 0 && score(value) <= bestScore)) continue;
                        bestScore = score(value);
                        bestEpoch = e;
                    }
                    return new ScopedObjective(objectives[bestEpoch - 1], bestEpoch);
                }
            case ObjectiveScopeKind.MeanOfLast:
                {
                    double sum = 0;
                    int count = 0;
                    for (int e = Math.Max(1, epochs - Window + 1); e <= epochs; e++)
                    {
                        float value = objectives[e - 1];
                        if (!float.IsFinite(value)) continue;
                        sum += value;
                        count++;
                    }
                    return new ScopedObjective((float)(sum / count), epochs);
                }
            default:
                return new ScopedObjective(last, epochs);
        }
    }
}
