using Hpo.Engine.Options;
using Hpo.Sweeps.Search.Plans;

namespace Hpo.Sweeps.Search.State;

/// <summary>
/// The state of one sweep, folded from its events by <see cref="Apply"/>: trials and their learning curves,
/// rung results per bracket, the leaderboard of checkpointed objectives (trained furthest first: the first is the
/// sweep's winner, see <see cref="IncumbentKey"/>), budgets spent. A trial's objective at any epoch is the one
/// <see cref="SchedulerOptions.Scope"/> defines (<see cref="ObjectiveAt"/>). Apply is deterministic
/// and touches nothing outside the state, so replaying a journal rebuilds exactly the state that decided.
/// Apply throws <see cref="InvalidOperationException"/> on an event that does not fit the state (a corrupt
/// journal); the one tolerated repeat is a report for an epoch already recorded, which changes nothing.
/// </summary>
public sealed class SweepState
{
    private readonly List<TrialState> _trials = [];
    private readonly int[] _statusCounts = new int[Enum.GetValues<TrialStatus>().Length];
    private readonly RungTable[][]? _asyncRungs;
    private readonly int[] _bracketTrials;
    private readonly List<SyncBracket> _syncBrackets = [];
    private readonly SortedSet<int> _promotingSync = [];
    private readonly SortedSet<IncumbentKey> _leaderboard = [];
    private readonly List<TrialResult> _history = [];
    private readonly List<SortedFloatList>? _epochAverages;

    public SweepState(SchedulerOptions options)
    {
        Options = options;
        Plan = SweepPlan.For(options);
        _bracketTrials = new int[Plan.Brackets.Count];
        if (Plan.HasRungs && !Plan.IsSynchronous)
        {
            _asyncRungs = Plan.Brackets
                .Select(b => b.Milestones.Select(m => new RungTable(m, Plan.Quota)).ToArray()).ToArray();
        }
        if (options.Kind == SchedulerKind.Median)
            _epochAverages = [];
    }

    public SchedulerOptions Options { get; }
    public SweepPlan Plan { get; }

    public DateTimeOffset? StartedAt { get; private set; }
    public bool IsSamplerExhausted { get; private set; }
    public bool IsFinished { get; private set; }
    public FinishReason? FinishReason { get; private set; }

    /// <summary>What made the sweep stop when that was a fault (<see cref="State.FinishReason.StorageFailed"/>), else null.</summary>
    public string? FinishCause { get; private set; }

    public int TrialCount => _trials.Count;
    public TrialState Trial(int id) => _trials[id];
    public IReadOnlyList<TrialState> Trials => _trials;

    public int Count(TrialStatus status) => _statusCounts[(int)status];
    public int Running => Count(TrialStatus.Running);
    public int PausedCount => Count(TrialStatus.Paused);

    /// <summary>Epochs reported (each (trial, epoch) once).</summary>
    public long EpochsReported { get; private set; }

    /// <summary>Epochs reported plus those dispatched and not yet reported: what the epoch budget is charged.</summary>
    public long EpochsCommitted { get; private set; }

    /// <summary>No new trial may be sampled: the sampler is exhausted or max_trials reached.</summary>
    public bool NoMoreTrials => IsSamplerExhausted || (Options.MaxTrials is { } m && _trials.Count >= m);

    /// <summary>Epochs left in the epoch budget (long.MaxValue when unlimited).</summary>
    public long EpochsLeft => Options.MaxTotalEpochs is { } m ? Math.Max(0, m - EpochsCommitted) : long.MaxValue;

    /// <summary>When the time budget runs out (null: no time budget or not started).</summary>
    /// <summary>When the time budget runs out: counted from the start, or from the last resume with what was left of it then.</summary>
    public DateTimeOffset? Deadline => Options.TimeBudget is not { } budget ? null
        : _resumedAt is { } resumed && _ranBefore is { } ran ? resumed + (budget - ran)
        : StartedAt is { } s ? s + budget : null;

    private DateTimeOffset? _resumedAt;
    private TimeSpan? _ranBefore;

    public bool IsTimeUp(DateTimeOffset now) => Deadline is { } d && now >= d;

    /// <summary>
    /// The sweep's winner: the best checkpointed objective among the trials trained to the highest budget any trial
    /// reached (ties: the earlier trial), or null.
    /// </summary>
    public int? BestTrial => _leaderboard.Count > 0 ? _leaderboard.Min.Trial : null;
    public double? BestObjective => _leaderboard.Count > 0 ? Objective(_leaderboard.Min.Score) : null;

    /// <summary>The budget (epochs) the winner was judged at: the highest any checkpointed trial reached.</summary>
    public int? BestBudget => _leaderboard.Count > 0 ? _leaderboard.Min.Budget : null;

    /// <summary>Trials with a checkpointed objective, the winner first (trained furthest, then best).</summary>
    public IEnumerable<IncumbentKey> Leaderboard => _leaderboard;

    /// <summary>Checkpointed results for model-based samplers, one entry per trial, updated in place.</summary>
    public IReadOnlyList<TrialResult> History => _history;

    /// <summary>Trials assigned to each asynchronous bracket.</summary>
    public int BracketTrials(int bracket) => _bracketTrials[bracket];

    /// <summary>A rung of an asynchronous bracket (ASHA family).</summary>
    public RungTable AsyncRung(int bracket, int rung) =>
        (_asyncRungs ?? throw new InvalidOperationException($"{Plan.Kind} has no asynchronous rungs"))[bracket][rung];

    public IReadOnlyList<SyncBracket> SyncBrackets => _syncBrackets;

    /// <summary>Ids of the synchronous brackets with promotions left (<see cref="SyncBracket.HasPromotionsLeft"/>), oldest first.</summary>
    public IReadOnlyCollection<int> PromotingSyncBrackets => _promotingSync;

    /// <summary>The rung table of a trial's bracket (null for kinds without rungs).</summary>
    public RungTable? RungOf(TrialState trial, int rung)
    {
        if (!Plan.HasRungs || rung < 0)
            return null;
        return Plan.IsSynchronous ? _syncBrackets[trial.Bracket!.Value].Rungs[rung] : _asyncRungs![trial.Bracket!.Value][rung];
    }

    public BracketPlan PlanOf(TrialState trial) => Plan.BracketOf(trial.Bracket);

    /// <summary>The median of the other trials' running-average scores at <paramref name="epoch"/> and how many there are.</summary>
    public (double Median, int Others) MedianOfOthers(int epoch, float ownAverage)
    {
        if (_epochAverages is null || epoch > _epochAverages.Count)
            return (double.NaN, 0);
        var list = _epochAverages[epoch - 1];
        return (list.MedianExcluding(ownAverage), list.Count - 1);
    }

    /// <summary>The running average of a trial's scores over epochs 1..<paramref name="epoch"/>.</summary>
    public float RunningAverage(TrialState trial, int epoch)
    {
        var values = trial.Objectives[..epoch];
        double sum = 0;
        foreach (var v in values)
            sum += Score(v);
        return (float)(sum / epoch);
    }

    public float Score(double objective) => (float)Options.Score(objective);

    /// <summary>The trial's objective after <paramref name="epoch"/> epochs, as the scope defines it, and the epoch of its model.</summary>
    public ScopedObjective ObjectiveAt(TrialState trial, int epoch) => Options.Scope.At(trial.Objectives, epoch, v => Score(v));

    private float ScoreAt(TrialState trial, int epoch) => Score(ObjectiveAt(trial, epoch).Objective);

    /// <summary>
    /// The epochs a checkpointed trial is judged at: those it trained, except that a trial ended by early stopping
    /// (patience) counts the budget it was training towards: it stopped because it no longer improved, not because a
    /// rule judged it worse, so it stands with the trials that trained that far.
    /// </summary>
    public static int BudgetOf(TrialState trial) =>
        trial.Status == TrialStatus.Stopped && trial.StopReason == Search.State.StopReason.EarlyStopping
            ? Math.Max(trial.Epochs, trial.DispatchTo)
            : trial.Epochs;
    /// <summary>The objective of a score, as every view shows it (<see cref="ObjectiveValue"/>).</summary>
    public double Objective(float score) => ObjectiveValue.Of(Options.Mode == ObjectiveMode.Max ? score : -score);

    public static SweepState Replay(SchedulerOptions options, IEnumerable<SweepEvent> events)
    {
        var state = new SweepState(options);
        foreach (var e in events)
            state.Apply(e);
        return state;
    }

    public void Apply(SweepEvent e)
    {
        switch (e)
        {
            case EpochReported r: ApplyReport(r); break;
            case RungStarted r: ApplyRungStarted(r); break;
            case TrialSampled s: ApplySampled(s); break;
            case TrialPaused p: ApplyPaused(p); break;
            case TrialPromoted p: ApplyPromoted(p); break;
            case TrialCompleted c: End(RunningTrial(c.Trial, e), TrialStatus.Completed, checkpoint: true); break;
            case TrialStopped s: ApplyStopped(s); break;
            case TrialFailed f: End(Existing(f.Trial), TrialStatus.Failed, checkpoint: false); break;
            case TrialDiverged d: End(RunningTrial(d.Trial, e), TrialStatus.Diverged, checkpoint: false); break;
            case SweepStarted s: StartedAt ??= s.At; break;
            case SweepResumed r:
                _resumedAt = r.At;
                _ranBefore = r.RanSeconds is { } ran ? TimeSpan.FromSeconds(ran) : null;
                break;
            case SamplerExhausted: IsSamplerExhausted = true; break;
            case SweepFinished f:
                IsFinished = true;
                FinishReason = f.Reason;
                FinishCause = f.Cause;
                break;
            default:
                throw new InvalidOperationException($"unknown sweep event {e.GetType().Name}");
        }
    }

    private void ApplySampled(TrialSampled e)
    {
        if (e.Trial != _trials.Count)
            throw new InvalidOperationException($"trial {e.Trial} sampled out of order (expected {_trials.Count})");
        if (IsFinished)
            throw new InvalidOperationException("trial sampled after the sweep finished");
        if (Plan.HasRungs != e.Bracket.HasValue)
            throw new InvalidOperationException($"trial {e.Trial}: bracket {e.Bracket} does not fit {Plan.Kind}");
        var trial = new TrialState(e.Trial, e.Config, e.Bracket);
        _trials.Add(trial);
        _statusCounts[(int)TrialStatus.Pending]++;
        if (e.Bracket is not { } b)
        {
            _bracketTrials[0]++;
        }
        else if (Plan.IsSynchronous)
        {
            if (b == _syncBrackets.Count)
            {
                _syncBrackets.Add(new SyncBracket(b, Plan.BracketOf(b), Plan.Quota));
            }
            else if (b > _syncBrackets.Count)
            {
                throw new InvalidOperationException($"trial {e.Trial}: bracket {b} opened out of order");
            }
            _syncBrackets[b].Sampled++;
        }
        else
        {
            if (b < 0 || b >= _bracketTrials.Length)
                throw new InvalidOperationException($"trial {e.Trial}: no bracket {b}");
            _bracketTrials[b]++;
        }
    }

    private void ApplyRungStarted(RungStarted e)
    {
        var trial = Existing(e.Trial);
        if (trial.Status != TrialStatus.Pending)
            throw new InvalidOperationException($"trial {e.Trial} dispatched while {trial.Status}");
        if (e.FromEpoch != trial.Epochs || e.ToEpoch <= e.FromEpoch || e.ToEpoch > Options.MaxEpochs)
            throw new InvalidOperationException($"trial {e.Trial} dispatched for epochs {e.FromEpoch}..{e.ToEpoch} at epoch {trial.Epochs}");
        SetStatus(trial, TrialStatus.Running);
        trial.DispatchFrom = e.FromEpoch;
        trial.DispatchTo = e.ToEpoch;
        var plan = PlanOf(trial);
        int target = trial.Rung + 1;
        while (plan.Milestones[target] < e.ToEpoch)
            target++;
        trial.TargetRung = target;
        trial.Curve.Reserve(e.ToEpoch);
        EpochsCommitted += e.ToEpoch - e.FromEpoch;
        if (RungOf(trial, target) is { } table)
        {
            table.Entered++;
            table.Running++;
        }
        AfterBracketChange(trial);
    }

    private void ApplyReport(EpochReported e)
    {
        var trial = Existing(e.Trial);
        if (e.Epoch <= trial.Epochs)
            return; // already recorded
        if (trial.Status != TrialStatus.Running || e.Epoch != trial.Epochs + 1 || e.Epoch > trial.DispatchTo)
            throw new InvalidOperationException($"trial {e.Trial} ({trial.Status}, epoch {trial.Epochs}, dispatched to {trial.DispatchTo}) cannot record epoch {e.Epoch}");
        trial.Curve.Add((float)e.Objective);
        EpochsReported++;
        if (!double.IsFinite(e.Objective))
            return;

        float score = Score(e.Objective);
        if (float.IsNaN(trial.BestScore) || score > trial.BestScore)
            trial.BestScore = score;
        double minDelta = Options.EarlyStopping?.MinDelta ?? 0;
        if (float.IsNaN(trial.PatienceScore) || score > trial.PatienceScore + minDelta)
        {
            trial.PatienceScore = score;
            trial.PatienceEpoch = e.Epoch;
        }
        if (_epochAverages is not null)
        {
            while (_epochAverages.Count < e.Epoch)
                _epochAverages.Add(new SortedFloatList());
            _epochAverages[e.Epoch - 1].Add(RunningAverage(trial, e.Epoch));
        }

        var plan = PlanOf(trial);
        int next = trial.Rung + 1;
        if (next < plan.RungCount && plan.Milestones[next] == e.Epoch)
        {
            trial.Rung = next;
            if (RungOf(trial, next) is { } table)
                table.Record(new RankKey(ScoreAt(trial, e.Epoch), trial.Id), id => _trials[id].Status == TrialStatus.Paused && _trials[id].Rung == next);
        }
    }

    private void ApplyPaused(TrialPaused e)
    {
        var trial = RunningTrial(e.Trial, e);
        if (e.Rung != trial.Rung || trial.Epochs != trial.DispatchTo || trial.Epochs != PlanOf(trial).Milestones[e.Rung])
            throw new InvalidOperationException($"trial {e.Trial} cannot pause at rung {e.Rung} ({trial})");
        LeaveRunning(trial);
        SetStatus(trial, TrialStatus.Paused);
        Checkpoint(trial);
        RungOf(trial, e.Rung)?.Pause(RungKey(trial, e.Rung));
        AfterBracketChange(trial);
    }

    private void ApplyPromoted(TrialPromoted e)
    {
        var trial = Existing(e.Trial);
        if (trial.Status != TrialStatus.Paused || e.FromRung != trial.Rung || e.ToRung != e.FromRung + 1)
            throw new InvalidOperationException($"trial {e.Trial} cannot be promoted from rung {e.FromRung} to {e.ToRung} ({trial})");
        if (RungOf(trial, e.FromRung) is { } table)
        {
            table.Leave(RungKey(trial, e.FromRung));
            table.Promoted++;
        }
        SetStatus(trial, TrialStatus.Pending);
        AfterBracketChange(trial);
    }

    private void ApplyStopped(TrialStopped e)
    {
        var trial = Existing(e.Trial);
        if (trial.IsTerminal)
            throw new InvalidOperationException($"trial {e.Trial} stopped after it ended ({trial.Status})");
        if (trial.Status == TrialStatus.Paused)
            RungOf(trial, trial.Rung)?.Leave(RungKey(trial, trial.Rung));
        trial.StopReason = e.Reason;
        End(trial, TrialStatus.Stopped, checkpoint: trial.Status == TrialStatus.Running);
    }

    private void End(TrialState trial, TrialStatus status, bool checkpoint)
    {
        if (trial.IsTerminal)
            throw new InvalidOperationException($"trial {trial.Id} ended twice ({trial.Status}, then {status})");
        if (trial.Status == TrialStatus.Running)
            LeaveRunning(trial);
        SetStatus(trial, status);
        if (checkpoint)
            Checkpoint(trial);
        AfterBracketChange(trial);
    }

    /// <summary>A running trial stops training: its unused dispatched epochs go back to the budget.</summary>
    private void LeaveRunning(TrialState trial)
    {
        EpochsCommitted -= trial.DispatchTo - trial.Epochs;
        if (RungOf(trial, trial.TargetRung) is { } table)
            table.Running--;
    }

    private void Checkpoint(TrialState trial)
    {
        if (trial.Epochs == 0 || !float.IsFinite(trial.Curve.Last))
            return;
        var objective = ObjectiveAt(trial, trial.Epochs);
        if (!objective.IsFinite)
            return;
        if (!float.IsNaN(trial.CheckpointScore))
            _leaderboard.Remove(new IncumbentKey(trial.CheckpointBudget, trial.CheckpointScore, trial.Id));
        float score = Score(objective.Objective);
        trial.CheckpointScore = score;
        trial.CheckpointBudget = BudgetOf(trial);
        trial.CheckpointEpoch = objective.Epoch;
        _leaderboard.Add(new IncumbentKey(trial.CheckpointBudget, score, trial.Id));
        var milestones = PlanOf(trial).Milestones;
        var rungs = new List<RungResult>(milestones.Count);
        foreach (int epoch in milestones)
            if (epoch <= trial.Epochs) rungs.Add(new RungResult(epoch, ObjectiveAt(trial, epoch).Objective));
        var result = new TrialResult(trial.Config, objective.Objective, trial.Epochs) { Rungs = rungs };
        if (trial.HistoryIndex < 0)
        {
            trial.HistoryIndex = _history.Count;
            _history.Add(result);
        }
        else
        {
            _history[trial.HistoryIndex] = result;
        }
    }

    /// <summary>The key under which a trial's result at a rung was recorded.</summary>
    public RankKey RungKey(TrialState trial, int rung) =>
        new(ScoreAt(trial, PlanOf(trial).Milestones[rung]), trial.Id);

    /// <summary>Keeps the set of synchronous brackets with promotions left up to date after a change to one of its trials.</summary>
    private void AfterBracketChange(TrialState trial)
    {
        if (!Plan.IsSynchronous)
            return;
        var bracket = _syncBrackets[trial.Bracket!.Value];
        if (bracket.HasPromotionsLeft)
            _promotingSync.Add(bracket.Id);
        else
            _promotingSync.Remove(bracket.Id);
    }

    private void SetStatus(TrialState trial, TrialStatus status)
    {
        _statusCounts[(int)trial.Status]--;
        _statusCounts[(int)status]++;
        trial.Status = status;
    }

    private TrialState Existing(int id) =>
        (uint)id < (uint)_trials.Count ? _trials[id] : throw new InvalidOperationException($"no trial {id}");

    private TrialState RunningTrial(int id, SweepEvent e)
    {
        var trial = Existing(id);
        return trial.Status == TrialStatus.Running
            ? trial
            : throw new InvalidOperationException($"{e.GetType().Name} for trial {id}, which is {trial.Status}");
    }

    /// <summary>An estimate of the bytes the state holds (objects, arrays, sorted-set nodes, configurations).</summary>
    public long EstimateBytes()
    {
        long bytes = 64L * 16 + 8L * _trials.Capacity + 48L * _leaderboard.Count + 48L * _history.Count;
        foreach (var t in _trials)
            bytes += t.HeapBytes + 64 + 96L * t.Config.Values.Count;
        if (_asyncRungs is not null)
            bytes += _asyncRungs.Sum(b => b.Sum(r => r.HeapBytes));
        bytes += _syncBrackets.Sum(b => 64 + b.Rungs.Sum(r => r.HeapBytes));
        if (_epochAverages is not null)
            bytes += _epochAverages.Sum(l => l.HeapBytes);
        return bytes;
    }
}
