using Hpo.Sweeps.Search;

namespace Hpo.Sweeps.Specs;

/// <summary>A searched key as read: its domain, the typed value of each choice, and its conditions as written.</summary>
internal sealed class ParameterDraft
{
    public required string Path { get; init; }
    public required string Section { get; init; }
    public required ISpecValueReader Reader { get; init; }
    public required SpecLocation Location { get; init; }
    public SearchDomain? Domain { get; set; }

    /// <summary>The inner space of <c>units: {per_layer: ...}</c>; this draft then stands for the layers' parameters.</summary>
    public ParameterDraft? PerLayer { get; set; }

    /// <summary>A choice's values as the key's reader read them, by the value the configuration holds.</summary>
    public Dictionary<ParamValue, object?> Payloads { get; } = [];

    /// <summary>A choice's items' positions, in order (for errors that blame one item).</summary>
    public List<SpecLocation> ItemLocations { get; } = [];

    public SpecEntry? When { get; set; }
    public ApplyValue? Apply { get; set; }

    /// <summary>&gt; 0 for <c>model.units.N</c>, the width of hidden layer N.</summary>
    public int LayerIndex { get; init; }
    public List<ConditionClause> Clauses { get; } = [];
}
