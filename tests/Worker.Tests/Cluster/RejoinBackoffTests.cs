using Hpo.Worker.Cluster;

namespace Hpo.Worker.Tests.Cluster;

public sealed class RejoinBackoffTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_node_that_lived_the_rejoin_time_is_replaced_at_once()
    {
        var backoff = new RejoinBackoff(Ten);

        Assert.Equal(TimeSpan.Zero, backoff.After(Ten));
        Assert.Equal(TimeSpan.Zero, backoff.After(TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Quick_ends_in_a_row_wait_the_rejoin_time_then_twice_as_long_each_time_up_to_the_longest()
    {
        var backoff = new RejoinBackoff(Ten, longestMultiple: 8);
        var lived = TimeSpan.FromMilliseconds(400);

        var waits = Enumerable.Range(0, 6).Select(_ => backoff.After(lived).TotalSeconds).ToArray();

        Assert.Equal([10, 20, 40, 80, 80, 80], waits);
        Assert.Equal(TimeSpan.FromSeconds(80), backoff.Longest);
    }

    [Fact]
    public void A_node_that_lived_long_enough_starts_the_doubling_over()
    {
        var backoff = new RejoinBackoff(Ten);
        backoff.After(TimeSpan.Zero);
        backoff.After(TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, backoff.After(TimeSpan.FromMinutes(5)));
        Assert.Equal(Ten, backoff.After(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_rejoin_time_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RejoinBackoff(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RejoinBackoff(Ten, longestMultiple: 0));
    }
}
