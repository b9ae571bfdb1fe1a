namespace Hpo.Sweeps.Search;

/// <summary>Which epochs of a learning curve make a trial's objective.</summary>
public enum ObjectiveScopeKind
{
    /// <summary>The objective of the last epoch trained: the model's own weights.</summary>
    Last,

    /// <summary>The best epoch's objective; the model kept is the one of that epoch.</summary>
    Best,

    /// <summary>The mean over the last <see cref="ObjectiveScope.Window"/> epochs (fewer at the start), smoothing a noisy curve.</summary>
    MeanOfLast,
}
