using System.Net.Http.Headers;
using Hpo.Coordinator.Datasets;
using Hpo.Engine.Data;
using Hpo.Engine.Options;
using Hpo.Worker.Datasets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Hpo.Coordinator.Api;

/// <summary>
/// Datasets uploaded to the coordinator (docs/datasets.md): <c>POST /datasets</c> with the CSV file as the body (checked
/// as a sweep would read it, stored under the SHA-256 of its bytes; 201, or 200 when those bytes are stored already; 413
/// over the size limit; 400 for a file a sweep cannot read), <c>GET /datasets</c> and <c>GET /datasets/{id}</c>.
/// </summary>
public static class DatasetApi
{
    /// <summary>The media types an upload may be sent as; a request without one is taken as CSV too.</summary>
    public static IReadOnlyList<string> MediaTypes { get; } = ["text/csv", "text/plain", "application/octet-stream"];

    public static IEndpointRouteBuilder MapHpoDatasets(this IEndpointRouteBuilder app, CoordinatorDatasets datasets)
    {
        app.MapPost("/datasets", async (HttpRequest request, CancellationToken cancellation) =>
        {
            if (request.ContentType is { Length: > 0 } contentType
                && (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !MediaTypes.Contains(media.MediaType ?? "", StringComparer.OrdinalIgnoreCase)))
                return Error($"content type {contentType} is not a dataset's; send the CSV file as {string.Join(", ", MediaTypes)}",
                    StatusCodes.Status415UnsupportedMediaType);
            var name = request.Query["name"].FirstOrDefault() is { Length: > 0 } given ? Path.GetFileName(given) : "upload";
            if (request.ContentLength > datasets.MaxBytes) return Error(datasets.TooLarge(name), StatusCodes.Status413PayloadTooLarge);
            if (ReadCsvOptions(request.Query, name, out var csv) is { } badQuery) return Error(badQuery, StatusCodes.Status400BadRequest);
            // The server's own request limit (30 MB by default) gives way to the datasets' limit, which the upload enforces.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

            var outcome = await datasets.UploadAsync(request.Body, name, csv, cancellation);
            return outcome.Result switch
            {
                UploadResult.Stored => SweepApi.Json(Answer(outcome.Dataset!), StatusCodes.Status201Created),
                UploadResult.AlreadyStored => SweepApi.Json(Answer(outcome.Dataset!)),
                UploadResult.TooLarge => Error(outcome.Error!, StatusCodes.Status413PayloadTooLarge),
                _ => Error(outcome.Error!, StatusCodes.Status400BadRequest),
            };
        });

        app.MapGet("/datasets", async (CancellationToken cancellation) =>
            SweepApi.Json((await datasets.Store.ListAsync(cancellation)).Select(Answer).ToList()));

        app.MapGet("/datasets/{id}", async (string id, CancellationToken cancellation) =>
        {
            if (!DatasetId.TryParse(id, out var parsed)) return Error($"'{id}' is not a dataset id: {DatasetId.Syntax}", StatusCodes.Status400BadRequest);
            return await datasets.Store.FindAsync(parsed, cancellation) is { } stored
                ? SweepApi.Json(Answer(stored))
                : Error($"no dataset {parsed}", StatusCodes.Status404NotFound);
        });
        return app;
    }

    /// <summary>A stored dataset as the API shows it.</summary>
    public sealed record DatasetAnswer(string Id, long Bytes, DateTimeOffset StoredAt, string Href);

    private static DatasetAnswer Answer(StoredDataset stored) =>
        new(stored.Id.ToString(), stored.Bytes, stored.StoredAt, $"/datasets/{stored.Id}");

    /// <summary>
    /// How the upload is checked, from the query: <c>header</c> (true or false), <c>target</c>, <c>weight</c>, <c>task</c>
    /// (classification or regression), as the spec's data section will read the file; the spec's defaults otherwise.
    /// </summary>
    private static string? ReadCsvOptions(IQueryCollection query, string name, out CsvOptions csv)
    {
        csv = new CsvOptions { Name = Path.GetFileNameWithoutExtension(name) };
        if (query["header"].FirstOrDefault() is { } header)
        {
            if (!bool.TryParse(header, out var value)) return $"header: '{header}' is not true or false";
            csv = csv with { Header = value };
        }
        if (query["task"].FirstOrDefault() is { } task)
        {
            TaskKind? kind = task.ToLowerInvariant() switch
            {
                "classification" => TaskKind.Classification,
                "regression" => TaskKind.Regression,
                _ => null,
            };
            if (kind is null) return $"task: '{task}' is not classification or regression";
            csv = csv with { Task = kind };
        }
        if (query["target"].FirstOrDefault() is { Length: > 0 } target) csv = csv with { Target = target };
        if (query["weight"].FirstOrDefault() is { Length: > 0 } weight) csv = csv with { WeightColumn = weight };
        return null;
    }

    private static IResult Error(string message, int status) => SweepApi.Json(new SweepApi.ErrorAnswer(message), status);
}
