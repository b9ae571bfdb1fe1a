using System.Net;
using System.Net.Http.Headers;
using Hpo.Worker.CommandLine;

namespace Hpo.Coordinator.Api;

/// <summary>
/// The HTTP client of a command that calls the API: it sends the token (when one is given) on every request and turns
/// a 401 into one <see cref="UsageException"/> that says what to give.
/// </summary>
public sealed class ApiTokenClient(string? token) : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>A client of the API at <paramref name="baseUri"/> that sends <paramref name="token"/> (null: none).</summary>
    public static HttpClient Create(Uri baseUri, string? token, TimeSpan timeout) =>
        new(new ApiTokenClient(string.IsNullOrWhiteSpace(token) ? null : token)) { BaseAddress = baseUri, Timeout = timeout };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        var where = request.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Authority) : "the coordinator";
        throw new UsageException(token is null
            ? $"the coordinator at {where} needs an API token (401): give --token or set {Hosting.CoordinatorOptions.ApiTokenVariable}"
            : $"the coordinator at {where} refused the API token (401): check --token or {Hosting.CoordinatorOptions.ApiTokenVariable}");
    }
}
