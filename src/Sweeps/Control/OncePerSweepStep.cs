namespace Hpo.Sweeps.Control;

/// <summary>What to do now about a <see cref="OncePerSweepOrder"/>: send it to a node, record the outcome, or neither.</summary>
public sealed record OncePerSweepStep(string? SendTo, object? Record)
{
    public static readonly OncePerSweepStep None = new(null, null);
}
