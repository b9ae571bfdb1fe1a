using Akka.Actor;
using Hpo.Protocol;
using Hpo.Sweeps.Control;

namespace Hpo.Coordinator.Cluster;

/// <summary>The wire message of each kind of <see cref="OncePerSweepOrder"/>.</summary>
internal static class OncePerSweepMessages
{
    public static object Order(string sweepId, OncePerSweepWork work, string node, IActorRef replyTo) => work switch
    {
        BestTrialTest t => new EvaluateTrial(sweepId, t.Trial, node, t.Plan, t.Epoch, replyTo) { StoreModel = t.StoreModel },
        BestTrialRefit r => new RefitTrial(sweepId, r.Trial, node, r.Plan, r.Epochs, replyTo),
        _ => throw new ArgumentException($"no message for {work.Kind}", nameof(work)),
    };
}
