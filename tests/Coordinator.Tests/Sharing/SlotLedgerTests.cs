using Hpo.Sweeps.Sharing;

namespace Hpo.Coordinator.Tests.Sharing;

public class SlotLedgerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static SweepUsage Usage(string sweep, long version, bool wants, params (string Node, int Count)[] inFlight) =>
        new(sweep, version, inFlight.ToDictionary(x => x.Node, x => x.Count), wants);

    private static Dictionary<string, NodeAllowance> Of(IReadOnlyList<SlotShare> shares, string sweep) =>
        shares.Single(s => s.SweepId == sweep).Nodes.ToDictionary(n => n.Node);

    [Fact]
    public void A_lone_sweep_that_wants_slots_gets_every_slot_and_queue_of_every_node()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 2, 2);
        ledger.OnNodeCapacity("b", 3, 1);
        ledger.Join("s");
        var first = ledger.Rebalance();
        Assert.All(Of(first, "s").Values, n => Assert.Equal(0, n.Total)); // it has said nothing yet: it learns it is shared
        ledger.OnUsage(Usage("s", first[0].Version, wants: true), T0);
        var share = Of(ledger.Rebalance(), "s");
        Assert.Equal(new NodeAllowance("a", 2, 2), share["a"]);
        Assert.Equal(new NodeAllowance("b", 3, 1), share["b"]);
    }

    [Fact]
    public void Two_sweeps_that_want_slots_get_half_of_every_node_once_the_first_has_let_go()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 2, 2);
        ledger.OnNodeCapacity("b", 2, 2);
        ledger.Join("x");
        ledger.OnUsage(Usage("x", ledger.Rebalance()[0].Version, wants: true), T0);
        var alone = ledger.Rebalance().Single();
        ledger.OnUsage(Usage("x", alone.Version, wants: true, ("a", 4), ("b", 4)), T0);
        ledger.Join("y");
        long yVersion = ledger.Rebalance().Single().Version;
        ledger.OnUsage(Usage("y", yVersion, wants: true), T0);
        var shares = ledger.Rebalance();
        Assert.Equal(new NodeAllowance("a", 1, 1), Of(shares, "x")["a"]);
        Assert.DoesNotContain(shares, s => s.SweepId == "y"); // x still holds the whole node: y's share stays empty
        long shrunk = shares.Single(s => s.SweepId == "x").Version;
        // x applied its smaller share and two of its dispatches on each node ended.
        ledger.OnUsage(Usage("x", shrunk, wants: true, ("a", 2), ("b", 2)), T0.AddSeconds(1));
        var y = Of(ledger.Rebalance(), "y");
        Assert.Equal(new NodeAllowance("a", 1, 1), y["a"]);
        Assert.Equal(new NodeAllowance("b", 1, 1), y["b"]);
    }

    [Fact]
    public void A_share_that_grows_is_held_back_until_the_smaller_one_is_acknowledged()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 2, 0);
        ledger.Join("x");
        ledger.OnUsage(Usage("x", ledger.Rebalance()[0].Version, wants: true), T0);
        var all = ledger.Rebalance().Single();
        Assert.Equal(2, all.Nodes[0].Slots);
        ledger.Join("y");
        var shares = ledger.Rebalance();
        ledger.OnUsage(Usage("y", shares.Single(s => s.SweepId == "y").Version, wants: true), T0);
        // x holds nothing yet, but it may still act on its old share of 2: y gets nothing.
        var next = ledger.Rebalance();
        Assert.DoesNotContain(next, s => s.SweepId == "y" && s.Nodes[0].Total > 0);
        Assert.Equal(1, Of(next, "x")["a"].Slots);
        ledger.OnUsage(Usage("x", next.Single(s => s.SweepId == "x").Version, wants: true), T0);
        Assert.Equal(1, Of(ledger.Rebalance(), "y")["a"].Slots);
    }

    [Fact]
    public void A_sweep_that_wants_no_more_keeps_what_it_holds_and_the_rest_goes_to_the_other()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 4, 0);
        ledger.Join("x");
        ledger.Join("y");
        var shares = ledger.Rebalance();
        ledger.OnUsage(Usage("x", shares[0].Version, wants: false, ("a", 1)), T0);
        ledger.OnUsage(Usage("y", shares[1].Version, wants: true), T0);
        var next = ledger.Rebalance();
        Assert.Equal(1, Of(next, "x")["a"].Slots);
        Assert.Equal(3, Of(next, "y")["a"].Slots);
    }

    [Fact]
    public void An_ended_sweep_counts_on_a_node_until_the_node_no_longer_lists_its_dispatches()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 2, 0);
        ledger.Join("x");
        ledger.OnUsage(Usage("x", ledger.Rebalance()[0].Version, wants: true), T0);
        var all = ledger.Rebalance().Single();
        ledger.OnUsage(Usage("x", all.Version, wants: true, ("a", 2)), T0);
        ledger.Join("y");
        ledger.OnUsage(Usage("y", ledger.Rebalance().Single(s => s.SweepId == "y").Version, wants: true), T0);
        ledger.OnEnded("x"); // cancelled: its two dispatches are being released
        Assert.DoesNotContain(ledger.Rebalance(), s => s.SweepId == "y" && s.Nodes[0].Total > 0);
        ledger.OnNodeCapacity("a", 2, 0, [new HeldRung("x", 1, 1, true)]);
        Assert.Equal(1, Of(ledger.Rebalance(), "y")["a"].Total);
        ledger.OnNodeCapacity("a", 2, 0, []);
        Assert.Equal(2, Of(ledger.Rebalance(), "y")["a"].Total);
        Assert.Equal(1, ledger.Accounts);
    }

    [Fact]
    public void A_lost_node_is_shared_no_more()
    {
        var ledger = new SlotLedger();
        ledger.OnNodeCapacity("a", 2, 0);
        ledger.OnNodeCapacity("b", 2, 0);
        ledger.Join("x");
        ledger.OnUsage(Usage("x", ledger.Rebalance()[0].Version, wants: true), T0);
        ledger.Rebalance();
        ledger.OnNodeLost("a");
        var share = ledger.Rebalance().Single();
        Assert.Equal(["b"], share.Nodes.Select(n => n.Node));
    }
}
