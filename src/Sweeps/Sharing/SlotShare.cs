namespace Hpo.Sweeps.Sharing;

/// <summary>
/// The registry to a sweep: its allowance on every node it may use now (a node left out: none). A sweep that has
/// been sent one dispatches only within it, and answers every one with a <see cref="SweepUsage"/> carrying its
/// <see cref="Version"/>.
/// </summary>
public sealed record SlotShare(string SweepId, long Version, IReadOnlyList<NodeAllowance> Nodes);
