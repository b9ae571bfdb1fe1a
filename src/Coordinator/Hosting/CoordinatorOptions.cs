namespace Hpo.Coordinator.Hosting;

/// <summary>The coordinator's own settings (configuration section <c>Hpo:Coordinator</c>; <c>hpo serve --http</c>, <c>--worker</c>).</summary>
public sealed class CoordinatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo:Coordinator";

    /// <summary>The API's address when none is given: loopback only.</summary>
    public const string DefaultHttp = "http://127.0.0.1:5080";

    /// <summary>The HTTP API's address (port 0: any free port).</summary>
    public string Http { get; set; } = DefaultHttp;

    /// <summary>Train in this process too (both roles, <c>--worker</c>).</summary>
    public bool Train { get; set; }

    /// <summary>
    /// Give trials to workers started with <c>--simulate</c> (scale tests); off by default, so a simulated worker that
    /// joins a real cluster never has made-up results journaled. On by itself when this process simulates its own training.
    /// </summary>
    public bool AcceptSimulatedWorkers { get; set; }

    /// <summary>How the sweeps that run at once share the cluster's slots.</summary>
    public Sharing.SlotPolicy SlotPolicy { get; set; } = Sharing.SlotPolicy.Fair;

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate() =>
        Uri.TryCreate(Http, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? []
            : [$"Hpo:Coordinator:Http must be an http:// or https:// address (is '{Http}')"];
}
