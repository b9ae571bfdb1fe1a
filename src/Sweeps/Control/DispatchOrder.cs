using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>Train a trial on a node: the message the sweep actor sends to the trial's entity.</summary>
public sealed record DispatchOrder(int Trial, long Dispatch, string Node, TrialPlan Plan, int FromEpoch, int ToEpoch);
