using Akka.Actor;
using Akka.Cluster;
using Hpo.Worker.Cluster;

namespace Hpo.Worker.Tests.Cluster;

public sealed class CoordinatorPresenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(10);
    private static readonly UniqueAddress Coordinator = new(Address.Parse("akka.tcp://hpo@127.0.0.2:4053"), 1);
    private static readonly UniqueAddress Restarted = new(Address.Parse("akka.tcp://hpo@127.0.0.2:4053"), 2);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_worker_still_joining_never_rejoins_however_long_it_waits()
    {
        var presence = new CoordinatorPresence(After);
        Assert.False(presence.ShouldRejoin(At(3600)));
        Assert.Null(presence.AbsentSince);
    }

    [Fact]
    public void A_worker_up_beside_a_reachable_coordinator_stays()
    {
        var presence = new CoordinatorPresence(After);
        presence.CoordinatorUp(Coordinator, At(0));
        presence.SelfUp(At(1));
        Assert.True(presence.Present);
        Assert.False(presence.ShouldRejoin(At(3600)));
    }

    [Fact]
    public void A_removed_coordinator_makes_the_worker_rejoin_after_the_grace_period_not_before()
    {
        var presence = new CoordinatorPresence(After);
        presence.CoordinatorUp(Coordinator, At(0));
        presence.SelfUp(At(1));
        presence.CoordinatorGone(Coordinator, At(5));
        Assert.Equal(At(5), presence.AbsentSince);
        Assert.False(presence.ShouldRejoin(At(14.9)));
        Assert.True(presence.ShouldRejoin(At(15)));
    }

    [Fact]
    public void An_unreachable_coordinator_that_answers_again_within_the_grace_period_keeps_the_worker()
    {
        var presence = new CoordinatorPresence(After);
        presence.CoordinatorUp(Coordinator, At(0));
        presence.SelfUp(At(0));
        presence.Reachability(Coordinator, reachable: false, At(2));
        Assert.False(presence.Present);
        presence.Reachability(Coordinator, reachable: true, At(9));
        Assert.True(presence.Present);
        Assert.False(presence.ShouldRejoin(At(60)));
    }

    [Fact]
    public void The_grace_period_counts_from_the_first_moment_without_a_coordinator_not_from_the_last_event()
    {
        var presence = new CoordinatorPresence(After);
        presence.CoordinatorUp(Coordinator, At(0));
        presence.SelfUp(At(0));
        presence.Reachability(Coordinator, reachable: false, At(2));
        // The resolver downs it later: still the same absence.
        presence.CoordinatorGone(Coordinator, At(11));
        Assert.True(presence.ShouldRejoin(At(12)));
    }

    [Fact]
    public void A_worker_that_comes_up_in_a_cluster_without_a_coordinator_starts_counting_then()
    {
        var presence = new CoordinatorPresence(After);
        presence.SelfUp(At(4));
        Assert.Equal(At(4), presence.AbsentSince);
        Assert.False(presence.ShouldRejoin(At(13)));
        Assert.True(presence.ShouldRejoin(At(14)));
    }

    [Fact]
    public void A_new_incarnation_of_the_coordinator_joining_this_cluster_ends_the_absence()
    {
        var presence = new CoordinatorPresence(After);
        presence.CoordinatorUp(Coordinator, At(0));
        presence.SelfUp(At(0));
        presence.Reachability(Coordinator, reachable: false, At(1));
        presence.CoordinatorUp(Restarted, At(6));
        presence.CoordinatorGone(Coordinator, At(7));
        Assert.True(presence.Present);
        Assert.Null(presence.AbsentSince);
        Assert.False(presence.ShouldRejoin(At(60)));
    }

    [Fact]
    public void A_grace_period_of_zero_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoordinatorPresence(TimeSpan.Zero));
}
