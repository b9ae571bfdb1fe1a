using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Control;

/// <summary>
/// Everything recorded of one sweep, as a report and the command line read it back from the journal: its status
/// (with every trial on the leaderboard), every trial with its learning curve and issues log, and the axes of its
/// search space.
/// </summary>
public sealed record SweepHistory
{
    public required SweepStatus Status { get; init; }

    /// <summary>Every trial, by id.</summary>
    public required IReadOnlyList<TrialDetail> Trials { get; init; }

    /// <summary>The searched hyperparameters, in the order of the spec (parents first).</summary>
    public required IReadOnlyList<ParameterAxis> Parameters { get; init; }
}

/// <summary>How a searched hyperparameter's values are laid out on a plot axis.</summary>
public enum ParameterScale
{
    /// <summary>A real or integer range.</summary>
    Linear,

    /// <summary>A range searched on a log scale (loguniform, logint).</summary>
    Log,

    /// <summary>A list of choices (names, numbers, booleans).</summary>
    Choice,
}

/// <summary>One searched hyperparameter: its key path (<c>training.learning_rate</c>), its scale, its range or choices.</summary>
public sealed record ParameterAxis(string Path, ParameterScale Scale, double? Low, double? High, IReadOnlyList<string> Choices)
{
    /// <summary>The axis of <paramref name="parameter"/> of a sweep's search space.</summary>
    public static ParameterAxis Of(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Domain switch
        {
            ChoiceDomain c => new ParameterAxis(parameter.Path, ParameterScale.Choice, null, null, c.Values.Select(v => v.ToString()).ToArray()),
            IntDomain i => new ParameterAxis(parameter.Path, i.Log ? ParameterScale.Log : ParameterScale.Linear, i.Lo, i.Hi, []),
            FloatDomain f => new ParameterAxis(parameter.Path, f.Log ? ParameterScale.Log : ParameterScale.Linear, f.Lo, f.Hi, []),
            _ => throw new ArgumentException($"unknown domain {parameter.Domain}", nameof(parameter)),
        };
    }
}
