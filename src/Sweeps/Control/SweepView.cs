using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;
using Hpo.Sweeps.Specs;

namespace Hpo.Sweeps.Control;

/// <summary>
/// What the API shows of a sweep that the decider does not keep: each trial's learning curve with its losses,
/// its training-issues log and its error, rung promotions, and when the sweep finished. Folded from the same
/// journal as the decider (<see cref="Apply"/>), so a recovered sweep shows what it showed before.
/// </summary>
public sealed class SweepView(SweepCreated created, SweepSpec spec)
{
    private readonly List<List<CurvePoint>> _curves = [];
    private readonly Dictionary<int, Dictionary<IssueKind, TrainingIssue>> _issues = [];
    private readonly Dictionary<int, string> _errors = [];
    private readonly SortedDictionary<int, int> _promotedAtEpoch = [];
    private readonly RunningClock _clock = new();

    public SweepCreated Created { get; } = created;
    public SweepSpec Spec { get; } = spec;
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>How long the sweep has run so far (<see cref="RunningClock"/>), or null when its journal recorded no times.</summary>
    public TimeSpan? Running => _clock.Running;

    /// <summary>The last recorded test of a best trial (null: none yet).</summary>
    public BestTrialTested? BestTested { get; private set; }

    /// <summary>The last recorded refit of a best trial's configuration (null: none yet).</summary>
    public BestTrialRefitted? BestRefitted { get; private set; }

    /// <summary>
    /// Whether the sweep's data has a test split: a test fraction above zero, or fashion-mnist (its official test set).
    /// </summary>
    public bool HasTestSplit => Spec.Data.Test > 0 ||
                                string.Equals(Spec.Data.Dataset, DataLoader.FashionMnistName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The best trial whose end step (<see cref="BestTrialTested"/>) is wanted and not yet recorded: the sweep ended (not
    /// cancelled) with a best trial, and its data has a test split or its model at its objective epoch is to be stored
    /// (<see cref="StoresBestModel"/>); null otherwise (nor after a failed store). A step recorded before steps stored
    /// models (an older journal: neither stored nor an error) is taken again when the model is to be stored.
    /// </summary>
    public int? TestPendingFor(SweepState state)
    {
        if (!state.IsFinished || !AnsweredItsSearch(state) || state.BestTrial is not int best) return null;
        bool store = StoresBestModel(state, best);
        if (!HasTestSplit && !store) return null;
        if (BestTested?.Trial != best) return best;
        return store && BestTested is { ModelStored: false, ModelError: null } ? best : null;
    }

    /// <summary>Whether the sweep's end step stores <paramref name="trial"/>'s model at its objective epoch: it is not its last.</summary>
    public static bool StoresBestModel(SweepState state, int trial) =>
        BestModel.StoredApart(state.Trial(trial).CheckpointEpoch, state.Trial(trial).Epochs);

    /// <summary>Where the sweep's model is, or why none is the one its objective describes (null: no best trial).</summary>
    public ModelChoice? Model(SweepState state)
    {
        if (state.BestTrial is not int best) return null;
        var trial = state.Trial(best);
        return BestModel.Of(best, trial.CheckpointEpoch, trial.Epochs, HasRefitModel(state), state.IsFinished, Tested(state));
    }

    /// <summary>
    /// The best trial whose refit (<c>search.refit: true</c>) is wanted and not yet recorded: the sweep ended (not
    /// cancelled) with a best trial; null otherwise.
    /// </summary>
    public int? RefitPendingFor(SweepState state)
    {
        if (!Spec.Search.Refit || !state.IsFinished || !AnsweredItsSearch(state)) return null;
        return state.BestTrial is int best && BestRefitted?.Trial != best ? best : null;
    }

    /// <summary>Whether the sweep ended on its own terms: not cancelled, and not stopped by a failing store (which a refit would meet again).</summary>
    private static bool AnsweredItsSearch(SweepState state) =>
        state.FinishReason is not (Search.State.FinishReason.Cancelled or Search.State.FinishReason.StorageFailed);

    /// <summary>Folds one journal event in; <paramref name="at"/> is when it was recorded (null during recovery).</summary>
    public void Apply(object e, DateTimeOffset? at = null)
    {
        if (e is not SweepResumed && at is { } written) _clock.Recorded(written);
        switch (e)
        {
            case SweepStarted s:
                _clock.Started(s.At);
                break;
            case SweepResumed r:
                _clock.Resumed(r.At);
                break;
            case TrialSampled s:
                while (_curves.Count <= s.Trial) _curves.Add([]);
                break;
            case EpochReported r:
                {
                    var curve = Curve(r.Trial);
                    if (r.Epoch != curve.Count + 1) break; // a repeat, as the state ignores it
                    curve.Add(new CurvePoint(r.Epoch, ObjectiveValue.Of(r.Objective), Finite(r.Metrics.TrainLoss), Finite(r.Metrics.ValidationLoss),
                        Finite(r.Metrics.SamplesPerSecond), at));
                    break;
                }
            case TrialPromoted p:
                {
                    int epochs = Curve(p.Trial).Count;
                    _promotedAtEpoch[epochs] = _promotedAtEpoch.GetValueOrDefault(epochs) + 1;
                    break;
                }
            case TrialIssuesReported i:
                {
                    if (!_issues.TryGetValue(i.Trial, out var log)) _issues[i.Trial] = log = [];
                    foreach (var issue in i.Issues)
                    {
                        log[issue.Kind] = log.TryGetValue(issue.Kind, out var known)
                            ? known with
                            {
                                Occurrences = Math.Max(known.Occurrences, issue.Occurrences),
                                LastEpoch = Math.Max(known.LastEpoch, issue.LastEpoch),
                                Evidence = issue.Evidence,
                            }
                            : issue;
                    }
                    break;
                }
            case Search.State.TrialFailed f:
                _errors[f.Trial] = f.Error;
                break;
            case SweepFinished:
                FinishedAt ??= at;
                break;
            case BestTrialTested t:
                BestTested = t;
                break;
            case BestTrialRefitted r:
                BestRefitted = r;
                break;
        }
    }

    /// <summary>How many trials have each kind of issue in their log.</summary>
    public IReadOnlyDictionary<IssueKind, int> TrialsWithIssue()
    {
        var counts = new Dictionary<IssueKind, int>();
        foreach (var log in _issues.Values)
            foreach (var kind in log.Keys) counts[kind] = counts.GetValueOrDefault(kind) + 1;
        return counts;
    }

    public SweepStatus Status(SweepState state, int slots, int busy, int leaderboard, int queued = 0)
    {
        var byStatus = Enum.GetValues<TrialStatus>().ToDictionary(s => s, s => state.Count(s));
        var board = state.Leaderboard.Take(Math.Max(0, leaderboard)).Select(k => Entry(state, k)).ToList();
        return new SweepStatus
        {
            Id = Created.SweepId,
            Name = Spec.Name,
            State = !state.IsFinished ? SweepRunState.Running : state.FinishReason == Search.State.FinishReason.Cancelled ? SweepRunState.Cancelled : SweepRunState.Finished,
            FinishReason = state.FinishReason,
            Error = state.FinishCause,
            Scheduler = state.Options.Kind,
            Sampler = Spec.Search.Sampler,
            Metric = Spec.Objective.Metric,
            Mode = state.Options.Mode,
            Scope = state.Options.Scope.Name,
            MaxEpochs = state.Options.MaxEpochs,
            MaxTrials = state.Options.MaxTrials,
            SubmittedAt = Created.SubmittedAt,
            StartedAt = state.StartedAt,
            FinishedAt = FinishedAt,
            RunningSeconds = _clock.Running?.TotalSeconds,
            Trials = state.TrialCount,
            ByStatus = byStatus,
            EpochsTotal = state.EpochsReported,
            Slots = slots,
            BusySlots = busy,
            QueuedRungs = queued,
            Rungs = Rungs(state),
            Leaderboard = board,
            Best = state.Leaderboard.Select(k => Entry(state, k)).FirstOrDefault(),
            FailedBeyondBest = state.BestBudget is int budget
                ? state.Trials.Where(t => t.Status == TrialStatus.Failed && t.Epochs >= budget).Select(t => t.Id).ToArray()
                : [],
            TestPending = HasTestSplit && TestPendingFor(state) is not null,
            BestModelPending = TestPendingFor(state) is int pending && StoresBestModel(state, pending),
            BestTest = Tested(state) is { Test: { } test } t ? TestFigures.Of(t.Trial, t.Epoch, test) : null,
            TestError = HasTestSplit ? Tested(state)?.Error : null,
            RefitPending = RefitPendingFor(state) is not null,
            BestRefit = Refitted(state) is { Error: null } r ? RefitFigures.Of(r.Trial, r.Epochs, r.TrainSamples, r.Test) : null,
            RefitError = Refitted(state)?.Error,
        };
    }

    public TrialDetail? Trial(SweepState state, int id)
    {
        if ((uint)id >= (uint)state.TrialCount) return null;
        var trial = state.Trial(id);
        return new TrialDetail
        {
            SweepId = Created.SweepId,
            Trial = id,
            Status = trial.Status,
            StopReason = trial.StopReason,
            Error = _errors.GetValueOrDefault(id),
            Bracket = trial.Bracket,
            Rung = trial.Rung,
            Epochs = trial.Epochs,
            Objective = float.IsNaN(trial.CheckpointScore) ? null : state.Objective(trial.CheckpointScore),
            ObjectiveEpoch = float.IsNaN(trial.CheckpointScore) ? 0 : trial.CheckpointEpoch,
            Budget = float.IsNaN(trial.CheckpointScore) ? 0 : trial.CheckpointBudget,
            Config = trial.Config,
            Curve = id < _curves.Count ? _curves[id].ToArray() : [],
            Issues = _issues.TryGetValue(id, out var log) ? log.Values.OrderBy(i => i.Epoch).ThenBy(i => i.KindName, StringComparer.Ordinal).ToArray() : [],
        };
    }

    /// <summary>Every milestone epoch of the sweep's brackets: trials that reached it, wait there, or were promoted from it.</summary>
    private IReadOnlyList<RungSummary> Rungs(SweepState state)
    {
        var milestones = state.Plan.Brackets.SelectMany(b => b.Milestones).Distinct().Order().ToArray();
        var rungs = new List<RungSummary>(milestones.Length);
        for (int i = 0; i < milestones.Length; i++)
        {
            int m = milestones[i], reached = 0, paused = 0;
            foreach (var t in state.Trials)
            {
                if (t.Epochs >= m) reached++;
                if (t.Status == TrialStatus.Paused && t.Epochs == m) paused++;
            }
            rungs.Add(new RungSummary(i, m, reached, paused, _promotedAtEpoch.GetValueOrDefault(m)));
        }
        return rungs;
    }

    private static LeaderboardEntry Entry(SweepState state, IncumbentKey key)
    {
        var trial = state.Trial(key.Trial);
        return new LeaderboardEntry(key.Trial, state.Objective(key.Score), trial.Epochs, trial.Status, trial.Config)
        {
            Budget = key.Budget,
            ObjectiveEpoch = trial.CheckpointEpoch,
        };
    }

    /// <summary>The recorded test of the sweep's best trial (null: none, or of a trial that is no longer the best).</summary>
    private BestTrialTested? Tested(SweepState state) =>
        BestTested is { } t && state.IsFinished && state.BestTrial == t.Trial ? t : null;

    /// <summary>The sweep's model is its refit one: the refit of its best trial is recorded without an error.</summary>
    public bool HasRefitModel(SweepState state) => Refitted(state) is { Error: null };

    /// <summary>The recorded refit of the sweep's best trial (null: none, or of a trial that is no longer the best).</summary>
    private BestTrialRefitted? Refitted(SweepState state) =>
        BestRefitted is { } r && state.IsFinished && state.BestTrial == r.Trial ? r : null;

    private List<CurvePoint> Curve(int trial)
    {
        while (_curves.Count <= trial) _curves.Add([]);
        return _curves[trial];
    }

    private static double? Finite(float value) => float.IsFinite(value) ? value : null;
}
