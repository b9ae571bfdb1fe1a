namespace Hpo.Node.Hosting;

/// <summary>How the split-brain resolver decides which side of a partition survives (<c>Hpo:Cluster:SplitBrainStrategy</c>).</summary>
public enum SplitBrainStrategy
{
    /// <summary>The side with most members stays up (default).</summary>
    KeepMajority,

    /// <summary>The side with the oldest member stays up; it downs itself when left alone.</summary>
    KeepOldest,
}
