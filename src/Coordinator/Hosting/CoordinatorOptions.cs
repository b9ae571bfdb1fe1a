using System.Net;

namespace Hpo.Coordinator.Hosting;

/// <summary>The coordinator's own settings (configuration section <c>Hpo:Coordinator</c>; <c>hpo serve --http</c>, <c>--worker</c>).</summary>
public sealed class CoordinatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo:Coordinator";

    /// <summary>The API's address when none is given: loopback only.</summary>
    public const string DefaultHttp = "http://127.0.0.1:5080";

    /// <summary>The environment variable of <see cref="ApiToken"/>, which clients read too.</summary>
    public const string ApiTokenVariable = "HPO__COORDINATOR__APITOKEN";

    /// <summary>The HTTP API's address (port 0: any free port).</summary>
    public string Http { get; set; } = DefaultHttp;

    /// <summary>The bearer token every API request but the probes and <c>/metrics</c> must carry (empty: none asked).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Serve the API without a token on an address other than loopback (a warning is logged).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Train in this process too (both roles, <c>--worker</c>).</summary>
    public bool Train { get; set; }

    /// <summary>
    /// Give trials to workers started with <c>--simulate</c> (scale tests); off by default, so a simulated worker that
    /// joins a real cluster never has made-up results journaled. On by itself when this process simulates its own training.
    /// </summary>
    public bool AcceptSimulatedWorkers { get; set; }

    /// <summary>How the sweeps that run at once share the cluster's slots.</summary>
    public Sweeps.Sharing.SlotPolicy SlotPolicy { get; set; } = Sweeps.Sharing.SlotPolicy.Fair;

    /// <summary>The token requests must carry, or null when the API is open.</summary>
    public string? RequiredToken => string.IsNullOrWhiteSpace(ApiToken) ? null : ApiToken;

    /// <summary>True when the API is reachable from other machines with no token (allowed only by <see cref="AllowAnonymous"/>).</summary>
    public bool OpenBeyondLoopback => RequiredToken is null && Uri.TryCreate(Http, UriKind.Absolute, out var uri) && !IsLoopback(uri.Host);

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Uri.TryCreate(Http, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return [$"Hpo:Coordinator:Http must be an http:// or https:// address (is '{Http}')"];
        if (OpenBeyondLoopback && !AllowAnonymous)
            return [$"Hpo:Coordinator:ApiToken ({ApiTokenVariable}) is needed: the API listens on {uri.Host}, not loopback (Hpo:Coordinator:AllowAnonymous: true serves it to anyone)"];
        return [];
    }

    /// <summary>True when <paramref name="host"/> (as in a URL) is a loopback address or <c>localhost</c>.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
