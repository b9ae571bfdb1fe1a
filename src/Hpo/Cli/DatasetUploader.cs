using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hpo.Client;
using Hpo.Coordinator.Api;
using Hpo.Coordinator.Datasets;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Node.CommandLine;
using Hpo.Sweeps.Journal;
using Hpo.Worker.Datasets;

namespace Hpo.Cli;

/// <summary>How <c>hpo submit</c> sends a spec's local CSV file to the coordinator (<c>POST /datasets</c>), streamed.</summary>
public static class DatasetUploader
{
    /// <summary>How long an upload (sending, then the coordinator's check) may take.</summary>
    public static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The dataset's id, or null when the coordinator refused it (said on <paramref name="stderr"/>).</summary>
    public static async Task<DatasetId?> UploadAsync(HttpClient http, SpecCsvReference local, string api, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellation)
    {
        var file = new FileInfo(local.File);
        if (file.Length > DatasetLimits.MaxBytes)
            throw new UsageException($"data.csv: {local.File} is {file.Length:N0} bytes; a dataset may be at most {DatasetLimits.MaxBytes:N0} bytes (1 GiB)");
        HttpResponseMessage response;
        try
        {
            await using var content = File.OpenRead(local.File);
            using var body = new StreamContent(content, DatasetLimits.ChunkBytes);
            body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            body.Headers.ContentLength = file.Length;
            // A large file takes longer than the client's usual minute to send and to be checked.
            using var upload = ApiTokenClient.Create(http.BaseAddress!, http.DefaultRequestHeaders.Authorization?.Parameter, UploadTimeout);
            response = await upload.PostAsync(Query(local), body, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"cannot reach the coordinator at {api}: {e.Message}");
        }
        using (response)
        {
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                var error = await response.Content.ReadFromJsonAsync<SweepApi.ErrorAnswer>(JournalJson.Options, cancellation);
                await stderr.WriteLineAsync($"error: the coordinator refused the dataset {local.File} ({(int)response.StatusCode}): {error?.Error}");
                return null;
            }
            var stored = (await response.Content.ReadFromJsonAsync<DatasetApi.DatasetAnswer>(JournalJson.Options, cancellation))!;
            var id = DatasetId.Parse(stored.Id);
            await stdout.WriteLineAsync(response.StatusCode == HttpStatusCode.Created
                ? $"uploaded {local.File} ({stored.Bytes:N0} bytes) as dataset {id}"
                : $"dataset {id} ({local.File}) is on the coordinator already");
            return id;
        }
    }

    /// <summary>The upload's name and the CSV keys the spec reads it with, so the coordinator checks it as the sweep will read it.</summary>
    private static string Query(SpecCsvReference local)
    {
        var data = local.Spec.Data;
        var query = new List<string>
        {
            "name=" + Uri.EscapeDataString(Path.GetFileName(local.File)),
            "header=" + (data.Header ? "true" : "false"),
        };
        if (data.Target is { } target) query.Add("target=" + Uri.EscapeDataString(target));
        if (data.Weight is { } weight) query.Add("weight=" + Uri.EscapeDataString(weight));
        if ((data.Task ?? local.Spec.Task) is { } task)
            query.Add("task=" + (task == TaskKind.Classification ? "classification" : "regression"));
        return "datasets?" + string.Join('&', query);
    }
}
