namespace Hpo.Coordinator.Cluster;

/// <summary>How a sweep's journal writes went: how many, how many events each, how long each took.</summary>
internal sealed class WriteStatistics
{
    private long _writes;
    private long _events;
    private TimeSpan _time;

    public void Add(int events, TimeSpan took)
    {
        _writes++;
        _events += events;
        _time += took;
    }

    public override string ToString() => _writes == 0
        ? "no writes"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{_writes} writes of {(double)_events / _writes:F1} events, {_time.TotalMilliseconds / _writes:F2} ms each");
}
