using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Hpo.Engine.Benchmarks;

/// <summary>GFLOP/s (products) or GB/s (passes over memory) of a benchmark's fastest iteration, or its share of this machine's measured peak.</summary>
public sealed class ThroughputColumn(bool shareOfPeak) : IColumn
{
    /// <inheritdoc />
    public string Id => shareOfPeak ? "ShareOfPeak" : "Throughput";

    /// <inheritdoc />
    public string ColumnName => shareOfPeak ? "% of peak" : "Throughput";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => shareOfPeak ? 1 : 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => shareOfPeak
        ? $"share of the measured peak: {MachinePeak.Width} FMA {Format(MachinePeak.Gflops)} GFLOP/s, L2 triad {Format(MachinePeak.GBps)} GB/s"
        : "GFLOP/s for products (2 M N K per call), GB/s for passes over memory (bytes read and written per call), in the fastest iteration (as the peak is the best of its trials)";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        // The fastest iteration, as the peak is the fastest of its trials: on a shared machine the mean
        // of a few iterations mostly measures the neighbours.
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Min;
        if (nanoseconds is not > 0) return "-";
        string shape = benchmarkCase.Parameters["Shape"]?.ToString() ?? "";
        var (amount, flops) = Work.Of(benchmarkCase.Descriptor.WorkloadMethod.Name, shape);
        if (double.IsNaN(amount)) return "-";
        double perSecond = amount / nanoseconds.Value; // giga-units per second
        if (!shareOfPeak) return Format(perSecond) + (flops ? " GFLOP/s" : " GB/s");
        double peak = flops ? MachinePeak.Gflops : MachinePeak.GBps;
        return (100 * perSecond / peak).ToString("F0", CultureInfo.InvariantCulture) + " %";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    private static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
