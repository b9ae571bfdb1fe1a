using Akka.Actor;
using Akka.Hosting;
using Hpo.Coordinator.Archive;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Datasets;
using Hpo.Coordinator.Persistence;
using Hpo.Coordinator.Reports;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Specs;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hpo.Coordinator.Api;

/// <summary>What the HTTP API needs besides the registry: where sweeps may read files, checkpoints and the journal.</summary>
public sealed record ApiOptions
{
    /// <summary>Sweeps may read CSV files and transfer models under this directory only; relative paths resolve here.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Where the best model is read from: the node's checkpoint store (a directory, or the SQL table every node shares).</summary>
    public required ICheckpointStore Checkpoints { get; init; }
    public required JournalDatabase Journal { get; init; }
    /// <summary>The uploaded datasets (by default in the journal's database, copies under the journal's data directory).</summary>
    public CoordinatorDatasets? Datasets { get; init; }
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The coordinator's HTTP API (minimal APIs): sweeps submitted as YAML or JSON, listed, inspected, cancelled,
/// their best model downloaded; liveness and readiness. Every answer is JSON in snake_case, errors as
/// <c>{"message": ..., "errors": [{"path", "line", "column", "message"}]}</c> or <c>{"error": ...}</c>.
/// </summary>
public static class SweepApi
{
    public static IEndpointRouteBuilder MapHpoApi(this IEndpointRouteBuilder app, ApiOptions options)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var datasets = options.Datasets ?? CoordinatorDatasets.For(options.Journal);
        app.MapHpoDatasets(datasets);

        app.MapPost("/sweeps", async (HttpRequest request, ActorRegistry actors, CancellationToken cancellation) =>
        {
            var (text, refusal, refusedWith) = await SpecRequestBody.ReadAsync(request, cancellation);
            if (refusal is not null) return Json(refusal, refusedWith);
            var source = request.Query["source"].FirstOrDefault() is { Length: > 0 } s ? Path.GetFileName(s) : "request";
            SweepSpec spec;
            try
            {
                spec = SweepSpecParser.Parse(text!, source, dataDirectory);
            }
            catch (SpecException e)
            {
                return Json(SweepRegistry.Rejected(e), StatusCodes.Status400BadRequest);
            }
            if (OutsideDataDirectory(spec, dataDirectory) is { } refused)
                return Json(new SweepRejected(refused, []), StatusCodes.Status400BadRequest);
            try
            {
                // A sweep over an uploaded dataset is checked on this coordinator's copy; a dataset it lacks refuses it.
                await Task.Run(() => DataPreflight.Check(spec, datasets.CopyOf), cancellation);
            }
            catch (SpecException e)
            {
                return Json(SweepRegistry.Rejected(e), StatusCodes.Status400BadRequest);
            }

            var registry = await actors.GetAsync<SweepRegistryKey>(cancellation);
            var answer = await registry.Ask<object>(new SubmitSweep(text!, source, dataDirectory, request.Query["id"].FirstOrDefault()) { Spec = spec },
                options.AskTimeout, cancellation);
            return answer switch
            {
                SweepAccepted a => Json(new SweepCreatedAnswer(a.SweepId, $"/sweeps/{a.SweepId}"), StatusCodes.Status201Created),
                SweepRejected r => Json(r, StatusCodes.Status400BadRequest),
                _ => Results.Problem($"unexpected answer {answer.GetType().Name}"),
            };
        });

        app.MapGet("/sweeps", async (ActorRegistry actors, CancellationToken cancellation) =>
        {
            var registry = await actors.GetAsync<SweepRegistryKey>(cancellation);
            var list = await registry.Ask<SweepList>(new ListSweeps(), options.AskTimeout, cancellation);
            return Json(list.Sweeps);
        });

        app.MapGet("/sweeps/{id}", (string id, int? top, ActorRegistry actors, CancellationToken cancellation) =>
            Ask(actors, new GetSweep(id, Math.Clamp(top ?? 10, 0, 1000)), options, cancellation));

        app.MapGet("/sweeps/{id}/trials/{trial:int}", (string id, int trial, ActorRegistry actors, CancellationToken cancellation) =>
            Ask(actors, new GetTrial(id, trial), options, cancellation));

        app.MapGet("/sweeps/{id}/history", async (string id, ActorSystem system, CancellationToken cancellation) =>
        {
            await using var archive = new SweepArchive(system);
            var history = await archive.ReadAsync(id, cancellation);
            return history is null ? NotFound(new SweepNotFound(id)) : Json(history);
        });

        app.MapGet("/sweeps/{id}/report", async (string id, ActorSystem system, CancellationToken cancellation) =>
        {
            await using var archive = new SweepArchive(system);
            var history = await archive.ReadAsync(id, cancellation);
            if (history is null) return NotFound(new SweepNotFound(id));
            var html = await Task.Run(() => ReportWriter.RenderInlineHtml(history), cancellation);
            return Results.Text(html, "text/html", System.Text.Encoding.UTF8);
        });

        app.MapDelete("/sweeps/{id}", (string id, ActorRegistry actors, CancellationToken cancellation) =>
            Ask(actors, new CancelSweep(id), options, cancellation));

        app.MapGet("/sweeps/{id}/best/model", async (string id, ActorRegistry actors, ActorSystem system, CancellationToken cancellation) =>
        {
            var registry = await actors.GetAsync<SweepRegistryKey>(cancellation);
            var answer = await registry.Ask<object>(new GetBestTrial(id), options.AskTimeout, cancellation);
            if (answer is not BestTrial best) return NotFound(answer);
            if (best.Trial is not int trial)
                return Json(new ErrorAnswer($"sweep {id} has no trial with a finite objective yet"), StatusCodes.Status404NotFound);
            if (best.NotStored is { } why)
                return Json(new ErrorAnswer(why), StatusCodes.Status409Conflict);
            // With search.refit the sweep's model is the refit of the best configuration, stored apart from every trial's;
            // under objective.scope: best, the winner at its objective epoch when that is not its last (stored as the sweep ended).
            var key = BestModelKey.Of(id, trial, best.Source);
            // This process's store (a database every node shares, or its own directory), else the nodes' own directories.
            var checkpoint = await options.Checkpoints.LoadAsync(key, cancellation);
            foreach (var node in best.Nodes)
            {
                if (checkpoint is not null) break;
                checkpoint = await RemoteModels.FetchAsync(system, node, key, options.AskTimeout, cancellation);
            }
            if (checkpoint is null)
                return Json(new ErrorAnswer($"{BestModelKey.Describe(trial, best.Source, best.ModelEpoch)} of sweep {id} has no stored model"), StatusCodes.Status404NotFound);
            return Results.File(checkpoint.Data, "application/octet-stream", BestModelKey.FileName(id, trial, best.Source, best.ModelEpoch));
        });

        app.MapGet("/healthz", () => Json(new HealthAnswer("alive", [])));

        app.MapGet("/readyz", async (ActorSystem system, CancellationToken cancellation) =>
        {
            var problems = new List<string>();
            var member = Akka.Cluster.Cluster.Get(system).SelfMember;
            if (member.Status != Akka.Cluster.MemberStatus.Up)
                problems.Add($"this cluster member is {member.Status.ToString().ToLowerInvariant()}, not up");
            try
            {
                await JournalProbe.CheckAsync(options.Journal, TimeSpan.FromSeconds(3), cancellation);
            }
            catch (Hpo.Node.Storage.StorageUnavailableException e)
            {
                problems.Add(e.Message);
            }
            return problems.Count == 0
                ? Json(new HealthAnswer("ready", []))
                : Json(new HealthAnswer("not ready", problems), StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    public sealed record SweepCreatedAnswer(string Id, string Href);
    public sealed record ErrorAnswer(string Error);
    public sealed record HealthAnswer(string Status, IReadOnlyList<string> Problems);

    /// <summary>Why a sweep may not run here: a file it would read lies outside the data directory (null: none).</summary>
    public static string? OutsideDataDirectory(SweepSpec spec, string dataDirectory)
    {
        if (spec.Space.Parameters.Any(p => p.Path.StartsWith("training.transfer", StringComparison.Ordinal)))
            return "training.transfer: cannot be searched over the API (each candidate would be a file to read)";
        if (spec.Data.Csv is { } csv && DataSection.Uploaded(spec.Data) is null && !Inside(csv, dataDirectory))
            return $"data.csv: {csv} is outside the data directory; sweeps submitted over the API read files under it only";
        if (spec.Training.Transfer?.From is { } from && !Inside(from, dataDirectory))
            return $"training.transfer.from: {from} is outside the data directory; sweeps submitted over the API read files under it only";
        return null;
    }

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="directory"/>, symbolic links followed.</summary>
    public static bool Inside(string path, string directory)
    {
        try
        {
            return RealPath.IsInside(path, directory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<IResult> Ask(ActorRegistry actors, ISweepRequest request, ApiOptions options, CancellationToken cancellation)
    {
        var registry = await actors.GetAsync<SweepRegistryKey>(cancellation);
        object answer;
        try
        {
            answer = await registry.Ask<object>(request, options.AskTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            return Json(new ErrorAnswer($"the sweep registry did not answer within {options.AskTimeout.TotalSeconds:0} s"), StatusCodes.Status503ServiceUnavailable);
        }
        return answer is SweepNotFound or TrialNotFound ? NotFound(answer) : Json(answer);
    }

    private static IResult NotFound(object answer) => Json(new ErrorAnswer(answer switch
    {
        SweepNotFound s => $"no sweep {s.SweepId}",
        TrialNotFound t => $"sweep {t.SweepId} has no trial {t.Trial}",
        _ => answer.ToString() ?? "not found",
    }), StatusCodes.Status404NotFound);

    internal static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Text(System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), JournalJson.Options), "application/json",
            System.Text.Encoding.UTF8, status);
}
