namespace Hpo.Sweeps.Search.Scheduling;

public enum SlotAction
{
    /// <summary>Continue a paused trial from its checkpoint to the next rung.</summary>
    Promote,
    /// <summary>Sample and start a new trial.</summary>
    StartNew,
    /// <summary>Nothing to run until a running trial reports.</summary>
    Wait,
    /// <summary>The sweep is over.</summary>
    Finished,
}
