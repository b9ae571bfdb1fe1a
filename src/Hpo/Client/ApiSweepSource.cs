using System.Net;
using System.Net.Http.Json;
using Hpo.Coordinator.Archive;
using Hpo.Node.CommandLine;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Client;

/// <summary>The sweeps of a running coordinator, through its HTTP API (<c>GET /sweeps</c>, <c>GET /sweeps/{id}/history</c>).</summary>
public sealed class ApiSweepSource : ISweepSource
{
    private readonly HttpClient _http;
    private readonly string _api;

    /// <summary>A source over the API at <paramref name="api"/>, its requests carrying <paramref name="token"/>; a malformed URL is a <see cref="UsageException"/>.</summary>
    public ApiSweepSource(string api, string? token = null)
    {
        if (!Uri.TryCreate(api, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new UsageException($"--api: '{api}' is not an http URL");
        _api = api;
        _http = ApiTokenClient.Create(baseUri, token, TimeSpan.FromSeconds(60));
    }

    public string Describe() => $"the coordinator at {_api}";

    public async Task<IReadOnlyList<SweepStatus>> ListAsync(CancellationToken cancellation) =>
        await GetAsync<SweepStatus[]>("sweeps", cancellation).ConfigureAwait(false) ?? [];

    public Task<SweepHistory?> HistoryAsync(string sweepId, CancellationToken cancellation) =>
        GetAsync<SweepHistory>($"sweeps/{Uri.EscapeDataString(sweepId)}/history", cancellation);

    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellation) where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"cannot reach the coordinator at {_api}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new UsageException($"the coordinator at {_api} did not answer in {_http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                throw new UsageException($"the coordinator at {_api} answered {(int)response.StatusCode} to GET /{path}: {body}");
            }
            return await response.Content.ReadFromJsonAsync<T>(JournalJson.Options, cancellation).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
