using Hpo.Protocol;

namespace Hpo.Worker.Training;

/// <summary>What a rung came to: the reply for the coordinator and the model to keep for the next rung (null after a failure).</summary>
public sealed record RungOutcome(IProtocolMessage Reply, TrialModel? Model)
{
    public bool Succeeded => Reply is RungCompleted;
}
