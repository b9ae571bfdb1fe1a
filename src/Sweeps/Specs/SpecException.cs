namespace Hpo.Sweeps.Specs;

/// <summary>A spec that cannot be used; the message holds one formatted line per error, in document order.</summary>
public sealed class SpecException : Hpo.Engine.HpoException
{
    public SpecException(string sourceName, IReadOnlyList<SpecError> errors)
        : base(FormatAll(sourceName, errors))
    {
        if (errors.Count == 0) throw new ArgumentException("a spec exception needs at least one error", nameof(errors));
        SourceName = sourceName;
        Errors = errors;
    }

    public SpecException(string sourceName, SpecError error) : this(sourceName, [error]) { }

    public string SourceName { get; }

    /// <summary>Every error found, ordered by line and column.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    public SpecError First => Errors[0];

    private static string FormatAll(string sourceName, IReadOnlyList<SpecError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => e.Format(sourceName)));
}
