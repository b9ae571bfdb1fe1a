namespace Hpo.Sweeps.Search;

/// <summary>A trial's objective under an <see cref="ObjectiveScope"/> and the epoch whose model it describes.</summary>
public readonly record struct ScopedObjective(float Objective, int Epoch)
{
    public bool IsFinite => float.IsFinite(Objective);
}
