namespace Hpo.Sweeps.Control;

/// <summary>A line the sweep logs about a recorded outcome (after "sweep {id}: "), a warning or not.</summary>
public sealed record OutcomeLine(bool Warning, string Text);
