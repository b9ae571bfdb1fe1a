namespace Hpo.Sweeps.Search.State;

/// <summary>
/// What the sweep knows about one trial, kept compact: its configuration, its learning curve as floats, and a
/// few numbers. Scores are objectives turned so that higher is better (see <see cref="SchedulerOptions.Score"/>).
/// </summary>
public sealed class TrialState
{
    internal CompactCurve Curve;

    internal TrialState(int id, TrialConfig config, int? bracket)
    {
        Id = id;
        Config = config;
        BracketId = bracket ?? -1;
    }

    public int Id { get; }
    public TrialConfig Config { get; }

    private int BracketId { get; }
    public int? Bracket => BracketId < 0 ? null : BracketId;

    public TrialStatus Status { get; internal set; } = TrialStatus.Pending;

    /// <summary>The highest rung whose milestone the trial reached (-1: none yet). A paused trial waits at this rung.</summary>
    public int Rung { get; internal set; } = -1;

    /// <summary>The rung its current (or last) dispatch heads for.</summary>
    public int TargetRung { get; internal set; } = -1;

    /// <summary>The first epoch of its current (or last) dispatch: where its last checkpoint stands.</summary>
    public int DispatchFrom { get; internal set; }

    /// <summary>The last epoch of its current (or last) dispatch.</summary>
    public int DispatchTo { get; internal set; }

    /// <summary>Epochs recorded (the last reported epoch).</summary>
    public int Epochs => Curve.Count;

    /// <summary>The objective after each recorded epoch.</summary>
    public ReadOnlySpan<float> Objectives => Curve.AsSpan();

    /// <summary>The best score reached so far (NaN before any finite report).</summary>
    public float BestScore { get; internal set; } = float.NaN;

    /// <summary>Early stopping: the score and epoch of the last improvement by more than min_delta.</summary>
    public float PatienceScore { get; internal set; } = float.NaN;
    public int PatienceEpoch { get; internal set; }

    /// <summary>
    /// The score of its objective (as the sweep's scope defines it) at its latest checkpoint (where it paused, completed
    /// or was stopped); NaN when none.
    /// </summary>
    public float CheckpointScore { get; internal set; } = float.NaN;

    /// <summary>The budget (epochs) it is judged at since its latest checkpoint (<see cref="SweepState.BudgetOf"/>).</summary>
    public int CheckpointBudget { get; internal set; }

    /// <summary>The epoch whose model its checkpointed objective describes (its best epoch under <c>scope: best</c>).</summary>
    public int CheckpointEpoch { get; internal set; }

    internal int HistoryIndex { get; set; } = -1;

    public StopReason? StopReason { get; internal set; }

    public bool IsTerminal => Status >= TrialStatus.Completed;

    internal long HeapBytes => 80 + Curve.HeapBytes;

    public override string ToString() => $"trial {Id} {Status} rung {Rung} epochs {Epochs}";
}
