using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>The <c>search</c> keys as written, before defaults that depend on other keys are settled.</summary>
internal sealed record SearchDraft
{
    public SearchOptions Options { get; init; } = new();
    public string? Variant { get; init; }
}
