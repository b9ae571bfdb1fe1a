namespace Hpo.Sweeps.Search;

/// <summary>The schedulers a sweep can use (<c>search.scheduler</c>).</summary>
public enum SchedulerKind
{
    /// <summary>Every trial trains to the maximum number of epochs.</summary>
    Fifo,
    /// <summary>Synchronous successive halving: brackets whose rungs wait for all their trials.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("sha")]
    SuccessiveHalving,
    /// <summary>Asynchronous successive halving with promotion: trials pause at rungs and continue when in the top 1/eta.</summary>
    Asha,
    /// <summary>Asynchronous successive halving that only stops: trials run on unless outside the top 1/eta at a rung.</summary>
    AshaStop,
    /// <summary>Synchronous Hyperband: successive-halving brackets with the paper's n_i and r_i, cycled.</summary>
    Hyperband,
    /// <summary>Asynchronous Hyperband: ASHA brackets of growing minimum resource, trials shared by the paper's proportions.</summary>
    HyperbandAsync,
    /// <summary>The median stopping rule.</summary>
    Median,
}
