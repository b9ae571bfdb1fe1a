using Hpo.Sweeps.Sharing;

namespace Hpo.Coordinator.Tests.Sharing;

public class ShareTargetsTests
{
    [Fact]
    public void Equal_sweeps_that_want_more_than_there_is_get_equal_shares()
    {
        Assert.Equal([2, 2], ShareTargets.Of(SlotPolicy.Fair, [new(8), new(8)], 4));
        Assert.Equal([2, 1, 1], ShareTargets.Of(SlotPolicy.Fair, [new(8), new(8), new(8)], 4));
    }

    [Fact]
    public void A_sweep_of_priority_two_gets_twice_the_slots_of_one_of_priority_one()
    {
        Assert.Equal([4, 2], ShareTargets.Of(SlotPolicy.Fair, [new(10, 2), new(10, 1)], 6));
    }

    [Fact]
    public void What_a_sweep_does_not_want_goes_to_the_others()
    {
        Assert.Equal([1, 5], ShareTargets.Of(SlotPolicy.Fair, [new(1), new(10)], 6));
        Assert.Equal([1, 2], ShareTargets.Of(SlotPolicy.Fair, [new(1), new(2)], 6));
    }

    [Fact]
    public void An_odd_slot_goes_to_the_sweep_that_has_had_least_of_the_cluster()
    {
        Assert.Equal([1, 2], ShareTargets.Of(SlotPolicy.Fair, [new(8, 1, Served: 100), new(8, 1, Served: 40)], 3));
        Assert.Equal([2, 1], ShareTargets.Of(SlotPolicy.Fair, [new(8, 1, Served: 10), new(8, 1, Served: 40)], 3));
    }

    [Fact]
    public void First_come_first_served_lets_the_oldest_sweep_take_what_it_wants()
    {
        Assert.Equal([3, 1, 0], ShareTargets.Of(SlotPolicy.Fifo, [new(3), new(8), new(8)], 4));
    }
}
