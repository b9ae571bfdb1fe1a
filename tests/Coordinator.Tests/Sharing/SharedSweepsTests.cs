using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Tests.Sweeps;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.Scheduling;
using Hpo.Sweeps.Sharing;
using Hpo.Sweeps.Specs;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Sharing;

/// <summary>
/// Two sweeps' controllers and one ledger on simulated nodes that train one epoch per tick per slot, first come first
/// served, with the shares and usage reports travelling a tick late (as messages do): what the nodes hold and what each
/// sweep trains, counted on the nodes' side.
/// </summary>
public class SharedSweepsTests
{
    private const string Spec = """
        name: shared
        seed: 5
        data: {dataset: iris}
        objective: val_accuracy
        model: {units: 8}
        training:
          learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
          max_epochs: 9
        search: {sampler: random, scheduler: asha, reduction_factor: 3, min_epochs: 1, max_trials: 40}
        """;

    private sealed class Node(string name, int slots, int queue)
    {
        public string Name { get; } = name;
        public int Slots { get; } = slots;
        public int Queue { get; } = queue;
        public List<(int Sweep, DispatchOrder Order, int Epoch)> Running { get; } = [];
        public List<(int Sweep, DispatchOrder Order)> Waiting { get; } = [];

        public int Held => Running.Select(r => (r.Sweep, r.Order.Trial)).Concat(Waiting.Select(w => (w.Sweep, w.Order.Trial))).Distinct().Count();
    }

    private sealed class Simulation
    {
        private readonly SlotLedger _ledger;
        private readonly List<SweepController> _sweeps = [];
        private readonly Node[] _nodes;
        private List<SlotShare> _shares = [];
        private List<SweepUsage> _usages = [];
        private readonly long[] _shareVersion;
        private readonly SweepUsage?[] _reported;
        public DateTimeOffset Now = DateTimeOffset.UnixEpoch;
        public int MostHeldOverRoom = int.MinValue;
        public long[] SlotTicks;
        public long[] SlotTicksWhileBoth;

        public Simulation(SlotPolicy policy, int sweeps, params Node[] nodes)
        {
            _ledger = new SlotLedger(policy);
            _nodes = nodes;
            var spec = SweepSpecParser.Parse(Spec, "shared.yaml");
            for (int i = 0; i < sweeps; i++)
                _sweeps.Add(new SweepController(spec, new SweepDecider(SweepSchedule.Options(spec), spec.CreateSampler()), TimeSpan.FromHours(1)));
            _shareVersion = new long[sweeps];
            _reported = new SweepUsage?[sweeps];
            SlotTicks = new long[sweeps];
            SlotTicksWhileBoth = new long[sweeps];
            foreach (var n in nodes) _ledger.OnNodeCapacity(n.Name, n.Slots, n.Queue);
            for (int i = 0; i < sweeps; i++) _ledger.Join(Id(i));
            _shares.AddRange(_ledger.Rebalance());
        }

        public IReadOnlyList<SweepController> Sweeps => _sweeps;

        private static string Id(int i) => "s" + i;

        public bool Finished => _sweeps.All(s => s.State.IsFinished);

        public void Tick()
        {
            Now += TimeSpan.FromSeconds(1);
            // Messages sent during the last tick arrive now.
            var usages = _usages;
            _usages = [];
            foreach (var u in usages) _ledger.OnUsage(u, Now);
            if (usages.Count > 0) _shares.AddRange(_ledger.Rebalance());
            var shares = _shares;
            _shares = [];
            foreach (var share in shares)
            {
                int i = int.Parse(share.SweepId[1..]);
                _shareVersion[i] = share.Version;
                Apply(i, _sweeps[i].OnShare(share.Nodes, Now));
            }
            for (int i = 0; i < _sweeps.Count; i++) Apply(i, _sweeps[i].OnTick(Now));
            foreach (var node in _nodes)
            {
                while (node.Running.Count < node.Slots && node.Waiting.Count > 0)
                {
                    var (sweep, order) = node.Waiting[0];
                    node.Waiting.RemoveAt(0);
                    node.Running.Add((sweep, order, order.FromEpoch));
                }
                bool both = _sweeps.Count(s => !s.State.IsFinished) > 1;
                foreach (var run in node.Running.ToArray())
                {
                    SlotTicks[run.Sweep]++;
                    if (both) SlotTicksWhileBoth[run.Sweep]++;
                    int at = node.Running.IndexOf(run);
                    if (at < 0) continue; // released meanwhile
                    int epoch = run.Epoch + 1;
                    node.Running[at] = run with { Epoch = epoch };
                    double objective = FakeCluster.Objective(run.Order.Plan, epoch);
                    var report = new EpochReport(Id(run.Sweep), run.Order.Trial, run.Order.Dispatch, epoch, objective,
                        TestEpochs.Metrics(epoch, 1 - objective, 1.1 - objective), [], node.Name);
                    Apply(run.Sweep, _sweeps[run.Sweep].OnEpochReport(report.ToCore(), Now));
                    if (epoch < run.Order.ToEpoch || !node.Running.Remove(run with { Epoch = epoch })) continue;
                    Apply(run.Sweep, _sweeps[run.Sweep].OnRungCompleted(
                        new RungCompleted(Id(run.Sweep), run.Order.Trial, run.Order.Dispatch, epoch, false, null, node.Name).ToCore(), Now));
                }
            }
        }

        private void Apply(int sweep, SweepEffects effects)
        {
            foreach (var release in effects.Releases)
            {
                var node = _nodes.Single(n => n.Name == release.Node);
                node.Running.RemoveAll(r => r.Sweep == sweep && r.Order.Trial == release.Trial);
                node.Waiting.RemoveAll(w => w.Sweep == sweep && w.Order.Trial == release.Trial);
            }
            foreach (var order in effects.Dispatches)
            {
                var node = _nodes.Single(n => n.Name == order.Node);
                node.Waiting.Add((sweep, order));
                MostHeldOverRoom = Math.Max(MostHeldOverRoom, node.Held - node.Slots - node.Queue);
            }
            var controller = _sweeps[sweep];
            var usage = new SweepUsage(Id(sweep), _shareVersion[sweep], new Dictionary<string, int>(controller.Room.InFlight),
                !controller.State.IsFinished && controller.Wants);
            if (usage.SameAs(_reported[sweep])) return;
            _reported[sweep] = usage;
            _usages.Add(usage);
            if (controller.State.IsFinished && effects.Finished) _ledger.OnEnded(Id(sweep));
        }
    }

    [Fact]
    public void Two_equal_sweeps_on_one_cluster_both_finish_never_overbook_a_node_and_train_for_equal_slot_time()
    {
        var sim = new Simulation(SlotPolicy.Fair, 2, new Node("a", 2, 2), new Node("b", 2, 2));
        for (int tick = 0; tick < 5000 && !sim.Finished; tick++) sim.Tick();
        Assert.True(sim.Finished);
        Assert.True(sim.MostHeldOverRoom <= 0, $"a node held {sim.MostHeldOverRoom} dispatches beyond its slots and queue");
        Assert.All(sim.Sweeps, s => Assert.Contains(s.State.Trials, t => t.Epochs == 9));
        double a = sim.SlotTicksWhileBoth[0], b = sim.SlotTicksWhileBoth[1];
        Assert.True(Math.Abs(a - b) <= 0.2 * Math.Max(a, b), $"slot ticks while both ran: {a} and {b}");
    }

    [Fact]
    public void First_come_first_served_lets_the_first_sweep_train_before_the_second()
    {
        var sim = new Simulation(SlotPolicy.Fifo, 2, new Node("a", 2, 2), new Node("b", 2, 2));
        for (int tick = 0; tick < 5000 && !sim.Finished; tick++) sim.Tick();
        Assert.True(sim.Finished);
        Assert.True(sim.MostHeldOverRoom <= 0);
        Assert.True(sim.SlotTicksWhileBoth[0] > 3 * sim.SlotTicksWhileBoth[1],
            $"slot ticks while both ran: {sim.SlotTicksWhileBoth[0]} and {sim.SlotTicksWhileBoth[1]}");
    }

    [Fact]
    public void A_lone_sweep_uses_the_whole_cluster()
    {
        var sim = new Simulation(SlotPolicy.Fair, 1, new Node("a", 2, 2), new Node("b", 2, 2));
        int busyTicks = 0, ticks = 0;
        for (; ticks < 5000 && !sim.Finished; ticks++) sim.Tick();
        busyTicks = (int)sim.SlotTicks[0];
        Assert.True(sim.Finished);
        Assert.True(busyTicks > 0.8 * 4 * ticks, $"{busyTicks} slot ticks in {ticks} ticks of 4 slots");
    }
}
