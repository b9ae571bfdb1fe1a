namespace Hpo.Worker.Training;

/// <summary>
/// Told of every epoch a node trains, reported or not: <c>again</c> when the epoch was trained before
/// (a trial's checkpoint was behind the epoch its rung starts at, so work done elsewhere is done again).
/// </summary>
public interface IEpochObserver
{
    void EpochTrained(double seconds, bool again);
}
