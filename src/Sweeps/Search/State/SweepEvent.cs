namespace Hpo.Sweeps.Search.State;

/// <summary>
/// What happened in a sweep. The sweep actor persists these; <see cref="SweepState.Apply"/> folds them into the
/// state, so a state rebuilt from its journal is the state that made the decisions.
/// </summary>
public abstract record SweepEvent;

/// <summary>The first thing a sweep records: when it started (the time budget counts from here).</summary>
public sealed record SweepStarted(DateTimeOffset At) : SweepEvent;

/// <summary>
/// A sweep recovered from its journal dispatches again (its coordinator restarted, or <c>hpo run --resume</c>) after
/// <paramref name="RanSeconds"/> of running (null: its journal recorded no times). The time between its last row
/// before and <paramref name="At"/> was downtime: neither its running time nor its time budget counts it.
/// </summary>
public sealed record SweepResumed(DateTimeOffset At, double? RanSeconds) : SweepEvent;

/// <summary>A new trial with its sampled configuration; <paramref name="Bracket"/> is null for schedulers without brackets.</summary>
public sealed record TrialSampled(int Trial, TrialConfig Config, int? Bracket) : SweepEvent;

/// <summary>A trial was dispatched to train epochs <c>FromEpoch + 1 .. ToEpoch</c> (FromEpoch is where it stands).</summary>
public sealed record RungStarted(int Trial, int FromEpoch, int ToEpoch) : SweepEvent;

/// <summary>A trial's result after an epoch (1-based). Recorded once per (trial, epoch): a repeat changes nothing.</summary>
public sealed record EpochReported(int Trial, int Epoch, double Objective, EpochSummary Metrics) : SweepEvent;

/// <summary>A trial stopped at the end of its rung and waits, checkpointed, to be promoted.</summary>
public sealed record TrialPaused(int Trial, int Rung) : SweepEvent;

/// <summary>A paused trial was chosen to continue from its checkpoint to the next rung.</summary>
public sealed record TrialPromoted(int Trial, int FromRung, int ToRung) : SweepEvent;

/// <summary>Terminal: the scheduler, a stopping rule or a budget ended the trial.</summary>
public sealed record TrialStopped(int Trial, StopReason Reason) : SweepEvent;

/// <summary>Terminal: the trial trained to the maximum number of epochs.</summary>
public sealed record TrialCompleted(int Trial) : SweepEvent;

/// <summary>Terminal: the worker could not train the trial.</summary>
public sealed record TrialFailed(int Trial, string Error) : SweepEvent;

/// <summary>Terminal: the trial's objective became NaN or infinite at <paramref name="Epoch"/>.</summary>
public sealed record TrialDiverged(int Trial, int Epoch) : SweepEvent;

/// <summary>The sampler has no more configurations (a finished grid): no new trial will start.</summary>
public sealed record SamplerExhausted : SweepEvent;

/// <summary>The sweep is over; <paramref name="BestTrial"/> is null when no trial reached a finite objective.</summary>
public sealed record SweepFinished(FinishReason Reason, int? BestTrial, string? Cause = null) : SweepEvent;

/// <summary>A summary of an epoch's metrics besides the objective, carried in the journal (not kept in the state).</summary>
public readonly record struct EpochSummary(float TrainLoss, float ValidationLoss, float SamplesPerSecond);
