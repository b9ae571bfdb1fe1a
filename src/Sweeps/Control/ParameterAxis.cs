using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Control;

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
