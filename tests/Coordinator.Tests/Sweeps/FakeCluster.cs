using Hpo.Coordinator.Cluster;
using Hpo.Engine.Training;
using Hpo.Protocol;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Search.State;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Sweeps;

/// <summary>
/// Workers that train instantly and deterministically: each dispatch order becomes its epoch reports and a
/// rung completion, delivered one at a time so tests can look between steps, drop a node, or go silent.
/// </summary>
internal sealed class FakeCluster(SweepController controller)
{
    private readonly Queue<object> _mail = new();
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
    public List<SweepEvent> Journal { get; } = [];
    public List<DispatchOrder> Dispatched { get; } = [];
    public List<ReleaseOrder> Released { get; } = [];
    public HashSet<string> Silent { get; } = [];
    public bool Finished { get; private set; }

    public static double Objective(TrialPlan plan, int epoch)
    {
        double lr = plan.Training.LearningRate;
        double plateau = 0.97 - 0.05 * Math.Pow(Math.Log10(lr / 3e-3), 2);
        return plateau * (1 - Math.Exp(-epoch / 2.0));
    }

    public void Apply(SweepEffects effects)
    {
        Journal.AddRange(effects.Events);
        Released.AddRange(effects.Releases);
        Finished |= effects.Finished;
        foreach (var order in effects.Dispatches)
        {
            Dispatched.Add(order);
            if (Silent.Contains(order.Node)) continue;
            for (int epoch = order.FromEpoch + 1; epoch <= order.ToEpoch; epoch++)
            {
                double objective = Objective(order.Plan, epoch);
                _mail.Enqueue(new EpochReport("s", order.Trial, order.Dispatch, epoch, objective,
                    TestEpochs.Metrics(epoch, 1 - objective, 1.1 - objective), [], order.Node));
            }
            _mail.Enqueue(new RungCompleted("s", order.Trial, order.Dispatch, order.ToEpoch, false, null, order.Node));
        }
    }

    /// <summary>Delivers one message; false when none is left.</summary>
    public bool Step()
    {
        if (!_mail.TryDequeue(out var message)) return false;
        Now += TimeSpan.FromSeconds(1);
        Apply(message switch
        {
            EpochReport r => controller.OnEpochReport(r.ToCore(), Now),
            RungCompleted c => controller.OnRungCompleted(c.ToCore(), Now),
            _ => throw new InvalidOperationException(),
        });
        return true;
    }

    public void RunToEnd(int maxSteps = 1_000_000)
    {
        for (int i = 0; i < maxSteps && Step(); i++) { }
    }

    /// <summary>Forgets the undelivered messages of a node (it died with them).</summary>
    public void DropMailOf(string node)
    {
        var kept = _mail.Where(m => m switch { EpochReport r => r.Node != node, RungCompleted c => c.Node != node, _ => true }).ToArray();
        _mail.Clear();
        foreach (var m in kept) _mail.Enqueue(m);
    }

    public int Pending => _mail.Count;
}
