namespace Hpo.Sweeps.Sharing;

/// <summary>What one sweep may hold on one node: dispatches training (<see cref="Slots"/>) and waiting in its queue (<see cref="Queue"/>).</summary>
public sealed record NodeAllowance(string Node, int Slots, int Queue)
{
    public int Total => Slots + Queue;
}
