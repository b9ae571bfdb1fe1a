namespace Hpo.Sweeps.Search;

/// <summary>
/// A sampler whose position can be saved after some draws and restored into a fresh one of the same seed, so a
/// sweep rebuilt from its journal need not draw again what it drew before (TPE's draws cost a model fit each).
/// </summary>
public interface IResumableSampler : ISampler
{
    ulong[] SaveState();

    void RestoreState(ReadOnlySpan<ulong> state);
}
