namespace Hpo.Sweeps.Control;

/// <summary>Tell a node to drop a trial's model (it was stopped or completed).</summary>
public sealed record ReleaseOrder(int Trial, string Node);
