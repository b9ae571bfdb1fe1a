namespace Hpo.Sweeps.Specs;

/// <summary>
/// What a spec may ask for, bounded before anything is built or journaled, so that no input can take the
/// coordinator down (docs/sweep-spec.md, "Bounds", lists each with its reason).
/// </summary>
public static class SpecLimits
{
    /// <summary>The largest spec file or request body, in bytes (1 MiB).</summary>
    public const int MaxSpecBytes = 1 << 20;

    /// <summary>Mappings and lists nested deeper than this are refused while reading, before any recursion.</summary>
    public const int MaxDepth = 64;

    /// <summary>The nodes of a document, counting each alias as a copy of what it names (a billion-laughs guard).</summary>
    public const int MaxNodes = 100_000;

    /// <summary>The configurations a grid may hold (the product of its axes, with inactive parameters counted once).</summary>
    public const long MaxGridConfigurations = 100_000;

    /// <summary>The largest <c>search.grid_points</c>: values per continuous range.</summary>
    public const int MaxGridPoints = 1_000;

    /// <summary>The largest generated dataset, as samples x features (10 million cells, 40 MB of floats).</summary>
    public const long MaxGeneratedCells = 10_000_000;

    /// <summary>The most epochs a trial may train (<c>training.epochs</c>, <c>training.max_epochs</c>).</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>
    /// The largest CSV file a sweep may read (1 GiB): the check before journaling, like every trial, holds the whole
    /// dataset in memory (4 bytes a cell).
    /// </summary>
    public const long MaxCsvBytes = 1L << 30;
}
