using System.Globalization;
using System.Text;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>A test sampler: configuration i is {x: i}; null after <paramref name="limit"/>.</summary>
internal sealed class CountingSampler(int? limit = null, int skip = 0) : ISampler
{
    private int _next = skip;

    public int Drawn => _next;

    public TrialConfig? Next(IReadOnlyList<TrialResult> history) =>
        limit is { } l && _next >= l ? null : new TrialConfig([new("x", ParamValue.Of((long)_next++))]);
}

/// <summary>Drives a decider by hand with one slot and scripted objectives.</summary>
internal static class Drive
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the sweep to the end with one slot; returns every event.</summary>
    public static List<SweepEvent> Sequential(SweepDecider decider, Func<int, int, double> objective, Func<int, DateTimeOffset>? clock = null)
    {
        var events = new List<SweepEvent>();
        int step = 0;
        DateTimeOffset Now() => clock?.Invoke(step++) ?? T0;
        while (true)
        {
            var slot = decider.OnSlotFree(Now());
            events.AddRange(slot.Events);
            if (slot.Dispatch is not { } d)
            {
                Assert.Equal(SlotAction.Finished, slot.Action); // one slot: never wait with nothing running
                return events;
            }
            for (int epoch = d.FromEpoch + 1; epoch <= d.ToEpoch; epoch++)
            {
                var outcome = decider.OnReport(new TrialReport(d.Trial, epoch, objective(d.Trial, epoch)), Now());
                events.AddRange(outcome.Events);
                Assert.NotEqual(TrialAction.Ignored, outcome.Action);
                if (outcome.FreesSlot)
                    break;
            }
        }
    }

    /// <summary>Reports epochs FromEpoch+1.. of a dispatch until the trial leaves its slot; returns the last outcome.</summary>
    public static ReportOutcome Train(SweepDecider decider, Dispatch d, Func<int, int, double> objective, DateTimeOffset? now = null)
    {
        ReportOutcome outcome = null!;
        for (int epoch = d.FromEpoch + 1; epoch <= d.ToEpoch; epoch++)
        {
            outcome = decider.OnReport(new TrialReport(d.Trial, epoch, objective(d.Trial, epoch)), now ?? T0);
            if (outcome.FreesSlot)
                break;
        }
        return outcome;
    }

    public static Dispatch Slot(SweepDecider decider, DateTimeOffset? now = null) =>
        decider.OnSlotFree(now ?? T0).Dispatch ?? throw new Xunit.Sdk.XunitException("expected a dispatch");

    public static IEnumerable<T> Of<T>(this IEnumerable<SweepEvent> events) => events.OfType<T>();
}

/// <summary>A text summary of everything in a state that decisions read, to compare states.</summary>
internal static class StateFingerprint
{
    public static string Of(SweepState s)
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.Append(c, $"started={s.StartedAt} exhausted={s.IsSamplerExhausted} finished={s.IsFinished}/{s.FinishReason} ");
        b.Append(c, $"reported={s.EpochsReported} committed={s.EpochsCommitted} best={s.BestTrial}/{s.BestObjective}\n");
        foreach (var t in s.Trials)
        {
            b.Append(c, $"{t.Id} {t.Config} b{t.Bracket} {t.Status} r{t.Rung} tr{t.TargetRung} to{t.DispatchTo} ");
            b.Append(c, $"best{t.BestScore} pat{t.PatienceScore}@{t.PatienceEpoch} ck{t.CheckpointScore} {t.StopReason} [");
            foreach (var v in t.Objectives)
                b.Append(v.ToString("R", c)).Append(',');
            b.Append("]\n");
        }
        foreach (var k in s.Leaderboard)
            b.Append(c, $"L{k.Trial}:{k.Score} ");
        foreach (var h in s.History)
            b.Append(c, $"H{h.Config}:{h.Objective}:{h.Epochs} ");
        b.Append('\n');
        if (s.Plan.HasRungs && !s.Plan.IsSynchronous)
        {
            for (int br = 0; br < s.Plan.Brackets.Count; br++)
            {
                b.Append(c, $"bracket {br} trials {s.BracketTrials(br)}\n");
                for (int r = 0; r < s.Plan.Brackets[br].RungCount; r++)
                    Rung(b, s.AsyncRung(br, r));
            }
        }
        foreach (var sb in s.SyncBrackets)
        {
            b.Append(c, $"sync {sb.Id} sampled {sb.Sampled} promoting {s.PromotingSyncBrackets.Contains(sb.Id)}\n");
            foreach (var r in sb.Rungs)
                Rung(b, r);
        }
        return b.ToString();
    }

    private static void Rung(StringBuilder b, RungTable r)
    {
        b.Append(CultureInfo.InvariantCulture, $"  m{r.Milestone} n{r.Recorded} top{r.TopCount} in{r.Entered} run{r.Running} pro{r.Promoted} wait{r.WaitingCount}:{r.BestWaiting} [");
        b.AppendJoin(',', r.Results.Select(k => k.Trial));
        b.Append("]\n");
    }
}
