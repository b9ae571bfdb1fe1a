using Hpo.Engine.Options;
using Hpo.Engine.Simulation;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;

namespace Hpo.Sweeps.Search.Simulation;

/// <summary>
/// A discrete-event simulation of a sweep: <see cref="Slots"/> virtual workers train surrogate curves, each
/// epoch costing virtual time, with a priority queue of epoch completions. Every report goes through the
/// <see cref="SweepDecider"/> exactly as a real one would; after any outcome that frees a slot, every idle
/// slot asks for work until the decider answers Wait or Finished. No training happens and no real time passes.
/// The surrogate reports an accuracy when the objective is maximised and the error rate (1 - accuracy) when minimised.
/// </summary>
public sealed class SweepSimulation
{
    public static readonly DateTimeOffset Origin = DateTimeOffset.UnixEpoch;

    private readonly long _seed;
    private readonly Func<int, TrialConfig, SurrogateCurve> _curveOf;
    private readonly PriorityQueue<Work, (double Time, long Seq)> _queue = new();
    private readonly Stack<int> _idle = new();
    private readonly SurrogateCurve?[] _curves;
    private readonly int[] _trialOfSlot;
    private readonly long[] _generation;
    private readonly double[] _busySince;
    private readonly List<SweepEvent>? _events;
    private long _seq;
    private bool _started;

    /// <param name="population">Where trials come from and how they learn; null = the built-in surrogate population of the seed.</param>
    public SweepSimulation(SchedulerOptions options, int slots, long seed, ISampler? sampler = null, bool recordEvents = false,
        SimulationPopulation? population = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _seed = seed;
        _curveOf = population?.CurveOf ?? ((trial, config) => SurrogateSpace.Curve(seed, trial, config));
        sampler ??= population?.NewSampler();
        Slots = slots;
        Decider = new SweepDecider(options, sampler ?? new SurrogateSampler(seed));
        _curves = new SurrogateCurve?[slots];
        _trialOfSlot = new int[slots];
        _generation = new long[slots];
        _busySince = new double[slots];
        for (int s = slots - 1; s >= 0; s--)
            _idle.Push(s);
        if (recordEvents)
            _events = [];
    }

    public SweepDecider Decider { get; }
    public SweepState State => Decider.State;
    public int Slots { get; }
    public int IdleSlots => _idle.Count;
    public double VirtualSeconds { get; private set; }
    public DateTimeOffset Now => Origin + TimeSpan.FromSeconds(VirtualSeconds);
    public bool IsFinished { get; private set; }
    public long Reports { get; private set; }
    public long Steps { get; private set; }
    public double BusySlotSeconds { get; private set; }

    /// <summary>Every event the decider returned, in order (when recording).</summary>
    public IReadOnlyList<SweepEvent> Events => _events ?? throw new InvalidOperationException("events are not recorded");

    /// <summary>Called after every step (the start, each epoch completion, the timer), to inspect the simulation.</summary>
    public Action<SweepSimulation>? AfterStep { get; set; }

    /// <summary>Runs to the end.</summary>
    public void Run()
    {
        while (Step())
        {
        }
    }

    /// <summary>Processes the next completed epoch (or the time-budget timer); false once the sweep is finished.</summary>
    public bool Step()
    {
        if (!_started)
        {
            _started = true;
            FillIdleSlots();
            if (State.Deadline is { } deadline)
                Enqueue((deadline - Origin).TotalSeconds, new Work(-1, 0, 0));
            AfterStep?.Invoke(this);
            return !IsFinished;
        }
        if (IsFinished)
            return false;
        while (_queue.TryDequeue(out var work, out var at))
        {
            if (work.Slot >= 0 && work.Generation != _generation[work.Slot])
                continue; // the trial on that slot was stopped by the timer
            VirtualSeconds = Math.Max(VirtualSeconds, at.Time);
            Steps++;
            if (work.Slot < 0)
                OnTimer();
            else
                OnEpochDone(work);
            AfterStep?.Invoke(this);
            return !IsFinished;
        }
        throw new InvalidOperationException($"the sweep stalled: nothing running, {IdleSlots} idle slots, not finished ({State.Running} running)");
    }

    private void OnEpochDone(Work work)
    {
        int slot = work.Slot;
        var curve = _curves[slot]!;
        int trial = _trialOfSlot[slot];
        ReportOutcome outcome;
        if (curve.FailsAt == work.Epoch)
        {
            outcome = Decider.OnFailure(trial, "surrogate failure", Now);
        }
        else
        {
            Reports++;
            double accuracy = curve.Objective(work.Epoch);
            double objective = State.Options.Mode == ObjectiveMode.Max ? accuracy : 1 - accuracy; // an error rate
            outcome = Decider.OnReport(new TrialReport(trial, work.Epoch, objective), Now);
        }
        Record(outcome.Events);
        switch (outcome.Action)
        {
            case TrialAction.Continue:
                Enqueue(VirtualSeconds + curve.Seconds(work.Epoch + 1), new Work(slot, work.Epoch + 1, _generation[slot]));
                break;
            case TrialAction.Ignored:
                throw new InvalidOperationException($"the decider ignored trial {trial}'s epoch {work.Epoch}");
            default:
                Release(slot);
                FillIdleSlots();
                break;
        }
    }

    private void OnTimer()
    {
        var events = Decider.OnTimer(Now);
        Record(events);
        for (int slot = 0; slot < Slots; slot++)
        {
            if (_curves[slot] is not null && State.Trial(_trialOfSlot[slot]).Status != TrialStatus.Running)
                Release(slot);
        }
        FillIdleSlots();
    }

    private void FillIdleSlots()
    {
        while (_idle.Count > 0 && !IsFinished)
        {
            var outcome = Decider.OnSlotFree(Now);
            Record(outcome.Events);
            if (outcome.Dispatch is { } d)
            {
                int slot = _idle.Pop();
                _curves[slot] = _curveOf(d.Trial, d.Config);
                _trialOfSlot[slot] = d.Trial;
                _busySince[slot] = VirtualSeconds;
                Enqueue(VirtualSeconds + _curves[slot]!.Seconds(d.FromEpoch + 1), new Work(slot, d.FromEpoch + 1, _generation[slot]));
            }
            else
            {
                IsFinished = outcome.Action == SlotAction.Finished;
                break;
            }
        }
    }

    private void Release(int slot)
    {
        BusySlotSeconds += VirtualSeconds - _busySince[slot];
        _curves[slot] = null;
        _generation[slot]++;
        _idle.Push(slot);
    }

    private void Enqueue(double time, Work work) => _queue.Enqueue(work, (time, _seq++));

    private void Record(IReadOnlyList<SweepEvent> events)
    {
        if (_events is not null)
            _events.AddRange(events);
    }

    private readonly record struct Work(int Slot, int Epoch, long Generation);
}
