using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Engine.Persistence;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Api;

/// <summary>The HTTP API of a coordinator that trains too (`hpo serve --worker`), on Kestrel at a free port.</summary>
[Trait("Category", "Integration")]
public sealed class SweepApiTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private CoordinatorServer _server = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new CoordinatorNodeSettings
        {
            Node = new NodeSettings { DataDirectory = Path.Combine(_dir.Path, "data"), Worker = new WorkerOptions { Slots = 2 } },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0", Train = true },
        };
        _server = await CoordinatorServer.StartAsync(settings, CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri(_server.Url) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>The sweep's status once it is over (its test, refit and best model recorded), polled for at most a minute.</summary>
    private async Task<JsonNode> UntilOver(string id)
    {
        JsonNode sweep = null!;
        for (int i = 0; i < 600; i++)
        {
            sweep = (await Send(HttpMethod.Get, $"/sweeps/{id}")).Body!;
            if ((bool)sweep["is_over"]!) break;
            await Task.Delay(100);
        }
        return sweep;
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Send(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/yaml");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task A_malformed_sweep_is_refused_with_its_key_path_and_line()
    {
        var (status, body) = await Send(HttpMethod.Post, "/sweeps?source=bad.yaml", RunCommandTests.IrisSweep.Replace("units: {choice: [8, 16]}", "units: {choice: []}"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body!["errors"]![0]!;
        Assert.Equal("model.units.choice", (string?)error["path"]);
        Assert.Equal(5, (int)error["line"]!);
        Assert.StartsWith("bad.yaml:5: model.units.choice", (string?)body["message"]);
    }

    [Fact]
    public async Task Json_is_accepted_as_well_as_yaml_and_errors_name_the_json_line()
    {
        const string json = """
            {
              "name": "j",
              "data": {"dataset": "iris"},
              "training": {"max_epochs": 0}
            }
            """;
        var (status, body) = await Send(HttpMethod.Post, "/sweeps", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("training.max_epochs", (string?)body!["errors"]![0]!["path"]);
        Assert.Equal(4, (int)body["errors"]![0]!["line"]!);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside.csv")]
    public async Task A_csv_path_outside_the_data_directory_is_refused(string path)
    {
        var spec = $$"""
            name: leak
            data: {csv: "{{path}}", target: 0}
            task: classification
            training: {max_epochs: 2}
            """;
        var (status, body) = await Send(HttpMethod.Post, "/sweeps", spec);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("data.csv:", (string?)body!["message"]);
        Assert.Contains("outside the data directory", (string?)body["message"]);
        var (_, list) = await Send(HttpMethod.Get, "/sweeps");
        Assert.Empty(list!.AsArray());
    }

    [Theory]
    [InlineData("link.csv", "a link to a file outside")]
    [InlineData("etc/passwd", "a linked directory")]
    [InlineData("sub/../etc/hostname", "a linked directory reached through dot-dot")]
    public async Task A_csv_reached_through_a_symbolic_link_to_outside_the_data_directory_is_refused_naming_the_path(string path, string why)
    {
        var data = Path.Combine(_dir.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "sub"));
        if (!File.Exists(Path.Combine(data, "link.csv"))) File.CreateSymbolicLink(Path.Combine(data, "link.csv"), "/etc/passwd");
        if (!Directory.Exists(Path.Combine(data, "etc"))) Directory.CreateSymbolicLink(Path.Combine(data, "etc"), "/etc");
        var spec = $$"""
            name: leak
            data: {csv: "{{path}}", target: 0}
            task: classification
            training: {max_epochs: 2}
            """;
        var (status, body) = await Send(HttpMethod.Post, "/sweeps", spec);
        Assert.True(status == HttpStatusCode.BadRequest, why);
        Assert.StartsWith($"data.csv: {Path.GetFullPath(Path.Combine(data, path))} is outside the data directory", (string?)body!["message"]);
        var (_, list) = await Send(HttpMethod.Get, "/sweeps");
        Assert.Empty(list!.AsArray());
    }

    [Theory]
    [InlineData("GET", "/sweeps/nope")]
    [InlineData("GET", "/sweeps/nope/trials/0")]
    [InlineData("DELETE", "/sweeps/nope")]
    [InlineData("GET", "/sweeps/nope/best/model")]
    public async Task Unknown_sweeps_are_404(string method, string path)
    {
        var (status, body) = await Send(new HttpMethod(method), path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("no sweep nope", (string?)body!["error"]);
    }

    [Fact]
    public async Task Health_and_readiness()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/healthz")).Status);
        HttpStatusCode ready = default;
        for (int i = 0; i < 100 && ready != HttpStatusCode.OK; i++)
        {
            ready = (await Send(HttpMethod.Get, "/readyz")).Status;
            if (ready != HttpStatusCode.OK) await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.OK, ready);
    }

    [Fact]
    public async Task A_sweep_with_a_test_split_shows_its_best_trials_test_figures_once_over()
    {
        var spec = RunCommandTests.IrisSweep.Replace("validation: 0.2}", "validation: 0.2, test: 0.2}", StringComparison.Ordinal)
            .Replace("max_trials: 9", "max_trials: 3", StringComparison.Ordinal);
        var (created, answer) = await Send(HttpMethod.Post, "/sweeps?source=iris.yaml", spec);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = (string)answer!["id"]!;

        var sweep = await UntilOver(id);

        Assert.Equal("finished", (string?)sweep["state"]);
        Assert.False((bool)sweep["test_pending"]!);
        var test = sweep["best_test"]!;
        Assert.Equal((int)sweep["best"]!["trial"]!, (int)test["trial"]!);
        int samples = Engine.Data.DataLoader.LoadSplit(new Engine.Data.DataOptions { Dataset = "iris", Validation = 0.2, Test = 0.2 }).Test!.Samples;
        Assert.Equal(samples, (int)test["samples"]!);
        Assert.InRange((double)test["accuracy"]!, 0, 1);
        Assert.Null(sweep["test_error"]);
    }

    [Fact]
    public async Task A_sweep_with_refit_shows_the_refit_once_over_and_its_best_model_is_the_refit_model()
    {
        var spec = RunCommandTests.IrisSweep.Replace("validation: 0.2}", "validation: 0.2, test: 0.2}", StringComparison.Ordinal)
            .Replace("max_trials: 9}", "max_trials: 3, refit: true}", StringComparison.Ordinal);
        var (created, answer) = await Send(HttpMethod.Post, "/sweeps?source=iris.yaml", spec);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = (string)answer!["id"]!;

        var sweep = await UntilOver(id);

        Assert.False((bool)sweep["refit_pending"]!);
        var refit = sweep["best_refit"]!;
        int trial = (int)sweep["best"]!["trial"]!;
        Assert.Equal(trial, (int)refit["trial"]!);
        var split = Engine.Data.DataLoader.LoadSplit(new Engine.Data.DataOptions { Dataset = "iris", Validation = 0.2, Test = 0.2 });
        Assert.Equal(split.Train.Samples + split.Validation.Samples, (int)refit["train_samples"]!);
        Assert.Equal(split.Test!.Samples, (int)refit["samples"]!);
        Assert.InRange((int)refit["epochs"]!, 1, (int)sweep["best"]!["epochs"]!);
        Assert.Null(sweep["refit_error"]);

        var model = await _http.GetAsync($"/sweeps/{id}/best/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal($"{id}-refit-{trial}.hpo", model.Content.Headers.ContentDisposition!.FileName);
        var stored = await new Worker.Checkpoints.DirectoryCheckpointStore(Path.Combine(_dir.Path, "data", "checkpoints"))
            .LoadAsync(Worker.Checkpoints.CheckpointKey.RefitOf(id));
        Assert.Equal(stored!.Data, await model.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)refit["epochs"]!, stored.Epoch);
    }

    [Fact]
    public async Task Under_scope_best_the_best_model_is_the_winner_stored_at_its_best_epoch()
    {
        var (created, answer) = await Send(HttpMethod.Post, "/sweeps?source=diabetes.yaml", RunBestEpochTests.Spec);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = (string)answer!["id"]!;

        var sweep = await UntilOver(id);

        Assert.False((bool)sweep["best_model_pending"]!);
        Assert.Null(sweep["best_test"]); // no test split: nothing tested, the model stored all the same
        Assert.Null(sweep["test_error"]);
        int trial = (int)sweep["best"]!["trial"]!, objectiveEpoch = (int)sweep["best"]!["objective_epoch"]!;
        Assert.True(objectiveEpoch < (int)sweep["best"]!["epochs"]!, sweep["best"]!.ToJsonString());
        var model = await _http.GetAsync($"/sweeps/{id}/best/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal($"{id}-trial-{trial}-epoch-{objectiveEpoch}.hpo", model.Content.Headers.ContentDisposition!.FileName);
        var stored = await new Worker.Checkpoints.DirectoryCheckpointStore(Path.Combine(_dir.Path, "data", "checkpoints"))
            .LoadAsync(Worker.Checkpoints.CheckpointKey.BestOf(id));
        Assert.Equal(objectiveEpoch, stored!.Epoch);
        Assert.Equal(stored.Data, await model.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_submitted_sweep_runs_and_shows_its_state_trials_and_best_model()
    {
        var (created, answer) = await Send(HttpMethod.Post, "/sweeps?source=iris.yaml", RunCommandTests.IrisSweep);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = (string)answer!["id"]!;
        Assert.Equal("iris-asha", id);

        JsonNode sweep = null!;
        for (int i = 0; i < 600; i++)
        {
            sweep = (await Send(HttpMethod.Get, $"/sweeps/{id}")).Body!;
            if ((string?)sweep["state"] != "running") break;
            await Task.Delay(100);
        }
        Assert.Equal("finished", (string?)sweep["state"]);
        Assert.Equal(9, (int)sweep["trials"]!);
        Assert.Equal(new[] { 1, 3, 9 }, sweep["rungs"]!.AsArray().Select(r => (int)r!["epochs"]!));
        Assert.Equal(9, (int)sweep["rungs"]![0]!["reached"]!);
        var best = sweep["best"]!;
        Assert.Equal((int)best["trial"]!, (int)sweep["leaderboard"]![0]!["trial"]!);

        var (trialStatus, trial) = await Send(HttpMethod.Get, $"/sweeps/{id}/trials/{(int)best["trial"]!}");
        Assert.Equal(HttpStatusCode.OK, trialStatus);
        var curve = trial!["curve"]!.AsArray();
        Assert.Equal((int)best["epochs"]!, curve.Count);
        Assert.Equal((double)best["objective"]!, (double)curve[^1]!["objective"]!, 6);
        Assert.NotNull(trial["config"]!["training.learning_rate"]);
        Assert.NotNull(trial["issues"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, $"/sweeps/{id}/trials/99")).Status);

        var model = await _http.GetAsync($"/sweeps/{id}/best/model");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        var bytes = await model.Content.ReadAsByteArrayAsync();
        var loaded = ModelFile.ReadModel(new MemoryStream(bytes), "best");
        Assert.Equal(4, loaded.Header.InputWidth);

        var (_, list) = await Send(HttpMethod.Get, "/sweeps");
        Assert.Equal(id, (string?)Assert.Single(list!.AsArray())!["id"]);
        // Cancelling a finished sweep changes nothing.
        var (cancelStatus, cancelled) = await Send(HttpMethod.Delete, $"/sweeps/{id}");
        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("finished", (string?)cancelled!["state"]);
    }
}
