namespace Hpo.Sweeps.Control;

/// <summary>
/// How long a sweep has been running: from its start to the last row it recorded, less the downtime between the last
/// row before a restart and the resume after it (<see cref="Search.State.SweepResumed"/>). Null until the journal has
/// given a time to both ends (rows written before times were recorded give none).
/// </summary>
public sealed class RunningClock
{
    private DateTimeOffset? _sessionStart;
    private DateTimeOffset? _last;
    private TimeSpan _earlierSessions;

    /// <summary>The sweep started dispatching.</summary>
    public void Started(DateTimeOffset at)
    {
        _sessionStart ??= at;
        Recorded(at);
    }

    /// <summary>A row was written at <paramref name="at"/>.</summary>
    public void Recorded(DateTimeOffset at)
    {
        if (_last is null || at > _last) _last = at;
    }

    /// <summary>A recovered sweep dispatches again: the session before ended with its last row.</summary>
    public void Resumed(DateTimeOffset at)
    {
        if (_sessionStart is { } start && _last is { } last && last > start) _earlierSessions += last - start;
        _sessionStart = at;
        _last = at;
    }

    /// <summary>The time spent running, or null when not known.</summary>
    public TimeSpan? Running =>
        _sessionStart is { } start && _last is { } last ? _earlierSessions + (last > start ? last - start : TimeSpan.Zero) : null;
}
