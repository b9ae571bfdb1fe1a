using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.Scheduling;

namespace Hpo.Sweeps.Control;

/// <summary>When a sweep writes its sampler's state to the journal: every <see cref="Every"/> draws, so a replay draws at most that many again.</summary>
public sealed class SamplerCheckpoints(SweepDecider decider)
{
    /// <summary>Draws between two sampler checkpoints in the journal.</summary>
    public const int Every = 50;

    private int _at = decider.Draws;

    /// <summary>The checkpoint to write with the next events, or null (not due, or the sampler cannot say where it is).</summary>
    public SamplerCheckpointed? Due()
    {
        if (decider.Draws - _at < Every || decider.SamplerPosition() is not { } position) return null;
        _at = position.Draws;
        return new SamplerCheckpointed(position.Draws, position.State);
    }
}
