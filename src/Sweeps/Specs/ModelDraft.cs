using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// The <c>model</c> keys as written, before <c>layers</c> and <c>units</c>/<c>hidden</c> are combined
/// into the hidden widths. A sweep applies a sampled value per key to a draft, then builds it.
/// </summary>
public sealed record ModelDraft
{
    public int? Layers { get; init; }
    public UnitsValue? Units { get; init; }

    /// <summary>The <c>hidden</c> alias: explicit widths per layer.</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    /// <summary>Every other key, already in place.</summary>
    public ModelOptions Options { get; init; } = new();
}
