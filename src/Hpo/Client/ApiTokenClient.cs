using System.Net;
using System.Net.Http.Headers;
using Hpo.Node.CommandLine;

namespace Hpo.Client;

/// <summary>
/// The HTTP client of a command that calls the API: it carries the token (when one is given) as its default
/// <c>Authorization</c> header, so that a client made from it can copy it, and turns a 401 into one
/// <see cref="UsageException"/> that says what to give.
/// </summary>
public sealed class ApiTokenClient() : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>A client of the API at <paramref name="baseUri"/> that sends <paramref name="token"/> (null: none).</summary>
    public static HttpClient Create(Uri baseUri, string? token, TimeSpan timeout)
    {
        var client = new HttpClient(new ApiTokenClient()) { BaseAddress = baseUri, Timeout = timeout };
        if (!string.IsNullOrWhiteSpace(token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        var where = request.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Authority) : "the coordinator";
        throw new UsageException(request.Headers.Authorization is null
            ? $"the coordinator at {where} needs an API token (401): give --token or set {Coordinator.Hosting.CoordinatorOptions.ApiTokenVariable}"
            : $"the coordinator at {where} refused the API token (401): check --token or {Coordinator.Hosting.CoordinatorOptions.ApiTokenVariable}");
    }
}
