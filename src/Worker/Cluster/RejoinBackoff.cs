namespace Hpo.Worker.Cluster;

/// <summary>
/// How long a worker waits before it replaces its node with a new one. A node that lived at least
/// <see cref="RejoinAfter"/> (its coordinator restarted, say) is replaced at once. A node that ended sooner, as one
/// whose TLS handshake the cluster refused ends within a second, waits <see cref="RejoinAfter"/>, twice that after a
/// second quick end in a row, and so on up to <see cref="Longest"/>: a misconfigured worker knocks a few times a
/// minute instead of several times a second, and still joins by itself once the cluster accepts it.
/// </summary>
public sealed class RejoinBackoff
{
    private int _quickEnds;

    public RejoinBackoff(TimeSpan rejoinAfter, int longestMultiple = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rejoinAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(longestMultiple, 1);
        RejoinAfter = rejoinAfter;
        Longest = rejoinAfter * longestMultiple;
    }

    /// <summary>A node that lived this long was not refused: it is replaced without waiting.</summary>
    public TimeSpan RejoinAfter { get; }

    /// <summary>The longest wait, however many nodes in a row ended quickly.</summary>
    public TimeSpan Longest { get; }

    /// <summary>The wait before the next node, given how long the one that just ended lived.</summary>
    public TimeSpan After(TimeSpan lived)
    {
        if (lived >= RejoinAfter)
        {
            _quickEnds = 0;
            return TimeSpan.Zero;
        }
        _quickEnds++;
        var wait = RejoinAfter * Math.Pow(2, Math.Min(_quickEnds - 1, 30));
        return wait < Longest ? wait : Longest;
    }
}
