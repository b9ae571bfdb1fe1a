using Hpo.Engine.Options;

namespace Hpo.Engine.Diagnostics;

/// <summary>A detector that reads one epoch's metrics at a time (cheap: a few numbers per epoch).</summary>
internal interface IEpochCheck
{
    void Observe(EpochMetrics m, IssuesLog log);

    /// <summary>Forgets every epoch seen (before replaying a restored learning curve).</summary>
    void Reset();
}
