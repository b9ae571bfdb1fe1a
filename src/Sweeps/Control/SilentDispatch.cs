namespace Hpo.Sweeps.Control;

/// <summary>A dispatch given up as lost (<see cref="Why"/>): it is sent again.</summary>
public sealed record SilentDispatch(int Trial, long Dispatch, string Node, TimeSpan SilentFor, string Why);
