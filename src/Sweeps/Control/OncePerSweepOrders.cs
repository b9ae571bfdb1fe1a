namespace Hpo.Sweeps.Control;

/// <summary>The once-per-sweep orders a finished sweep has begun, at most one of each kind.</summary>
public sealed class OncePerSweepOrders(TimeSpan answerWithin)
{
    private readonly Dictionary<OncePerSweepKind, OncePerSweepOrder> _orders = [];

    /// <summary>Begins the order of this kind the sweep owes (<see cref="OncePerSweepOrder.Begin"/>); null when it has begun already.</summary>
    public OncePerSweepStart? Begin(OncePerSweepKind kind, SweepController controller, SweepView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(controller);
        if (_orders.ContainsKey(kind)) return null;
        var start = OncePerSweepOrder.Begin(kind, controller.State, view, controller.PlanOf, answerWithin, controller.HeartbeatWindow, now);
        if (start?.Order is { } order) _orders[kind] = order;
        return start;
    }

    /// <summary>The order of this kind still waiting for its outcome, or null.</summary>
    public OncePerSweepOrder? Pending(OncePerSweepKind kind) => _orders.GetValueOrDefault(kind) is { Done: false } order ? order : null;

    /// <summary>A node answered the order of this kind: the event to record, or null.</summary>
    public object? OnAnswer(OncePerSweepKind kind, object answer) => _orders.GetValueOrDefault(kind)?.OnAnswer(answer);
}
