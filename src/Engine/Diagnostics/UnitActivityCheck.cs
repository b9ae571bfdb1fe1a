using System.Runtime.CompilerServices;
using System.Text;

namespace Hpo.Engine.Diagnostics;

/// <summary>Turns an epoch of <see cref="UnitActivity"/> into dead-ReLU and saturated-unit issues.</summary>
internal static class UnitActivityCheck
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(UnitActivity units, int epoch, IssueThresholds limits, IssuesLog log)
    {
        if (units.HasRelu) CheckDead(units, epoch, limits, log);
        if (units.HasSquashing) CheckSaturated(units, epoch, limits, log);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckDead(UnitActivity units, int epoch, IssueThresholds limits, IssuesLog log)
    {
        var layers = units.DeadUnits();
        int dead = 0, total = 0;
        foreach (var (_, d, n) in layers) { dead += d; total += n; }
        double share = total == 0 ? 0 : (double)dead / total;
        if (!(share > limits.DeadReluShare) || log.Recur(IssueKind.DeadRelu, epoch)) return;
        var text = new StringBuilder($"{dead} of {total} ReLU units ({Evidence.Percent(share)}) output zero for every training sample of the epoch (");
        for (int i = 0; i < layers.Length; i++)
            text.Append(i == 0 ? "" : ", ").Append($"{layers[i].Layer} {layers[i].Dead}/{layers[i].Units}");
        text.Append(')');
        log.Add(IssueKind.DeadRelu, epoch, text.ToString(),
            new Dictionary<string, double> { ["dead_units"] = dead, ["relu_units"] = total, ["dead_share"] = share });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckSaturated(UnitActivity units, int epoch, IssueThresholds limits, IssuesLog log)
    {
        double share = units.SaturatedShare;
        if (!(share > limits.SaturatedShare) || log.Recur(IssueKind.SaturatedUnits, epoch)) return;
        log.Add(IssueKind.SaturatedUnits, epoch,
            $"{Evidence.Percent(share)} of sigmoid/tanh outputs were within {Evidence.N(limits.SaturationMargin)} of an asymptote over the epoch",
            new Dictionary<string, double> { ["saturated_share"] = share, ["margin"] = limits.SaturationMargin });
    }
}
