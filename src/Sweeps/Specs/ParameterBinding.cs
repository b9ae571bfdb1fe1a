using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>How a parameter's sampled value reaches the draft: through its key, or as one layer's width.</summary>
internal sealed record ParameterBinding(string Path, ApplyValue? Apply, IReadOnlyDictionary<ParamValue, object?> Payloads, int LayerIndex);
