namespace Hpo.Sweeps.Specs;

/// <summary>One key of a mapping: the key scalar (with its own position) and its value.</summary>
public sealed record SpecEntry(SpecScalar Key, SpecNode Value)
{
    public string Name => Key.Value;
}
