using Hpo.Engine.Training;

namespace Hpo.Worker.Training;

/// <summary>A trial's model kept in memory between rungs, with the plan it was built for.</summary>
public sealed class TrialModel
{
    internal TrialModel(TrialPlan plan, string planKey, TrainingSession session)
    {
        Plan = plan;
        PlanKey = planKey;
        Session = session;
    }

    public TrialPlan Plan { get; }
    internal string PlanKey { get; }
    public TrainingSession Session { get; }

    /// <summary>Epochs trained so far.</summary>
    public int Epoch => Session.Epoch;
}
