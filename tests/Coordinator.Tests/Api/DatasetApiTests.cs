using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Engine.Data;
using Hpo.Worker.Cluster;
using Hpo.Worker.Datasets;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Api;

/// <summary>POST and GET /datasets, and sweeps that name an uploaded dataset, on a coordinator that trains too.</summary>
[Trait("Category", "Integration")]
public sealed class DatasetApiTests : IAsyncLifetime
{
    private const string Csv = "a,b,label\n0.1,0.2,x\n0.9,0.8,y\n0.2,0.1,x\n0.8,0.9,y\n0.15,0.25,x\n0.85,0.75,y\n0.3,0.2,x\n0.7,0.8,y\n0.2,0.3,x\n0.9,0.7,y\n";
    private static readonly string Id = DatasetId.Of(Encoding.UTF8.GetBytes(Csv)).ToString();
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

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Post(string path, string body, string contentType)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static string Sweep(string csv) => $$$"""
        name: uploaded
        seed: 3
        data: {csv: "{{{csv}}}", target: label, validation: 0.2}
        model: {layers: 1, units: {choice: [4, 8]}}
        training: {learning_rate: 0.05, batch_size: 4, max_epochs: 2}
        search: {sampler: random, scheduler: fifo, max_trials: 2}
        """;

    [Fact]
    public async Task An_upload_is_created_once_listed_and_found_by_its_id()
    {
        var (created, first) = await Post("/datasets?name=points.csv&target=label", Csv, "text/csv");
        var (again, second) = await Post("/datasets", Csv, "text/plain");

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(Id, (string?)first!["id"]);
        Assert.Equal(Csv.Length, (long)first["bytes"]!);
        Assert.Equal($"/datasets/{Id}", (string?)first["href"]);
        Assert.Equal(first.ToJsonString(), second!.ToJsonString());
        var listed = JsonNode.Parse(await _http.GetStringAsync("/datasets"))!.AsArray();
        Assert.Equal(Id, (string?)Assert.Single(listed)!["id"]);
        Assert.Equal(Id, (string?)JsonNode.Parse(await _http.GetStringAsync($"/datasets/{Id}"))!["id"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/datasets/{DatasetId.Of([1])}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/datasets/sha256:12")).StatusCode);
    }

    [Fact]
    public async Task A_file_a_sweep_cannot_read_a_bad_query_and_a_foreign_content_type_are_refused()
    {
        var (bad, body) = await Post("/datasets?name=points.csv", "a,b,label\n1,x,y\n", "text/csv");
        var (query, _) = await Post("/datasets?header=maybe", Csv, "text/csv");
        var (json, _) = await Post("/datasets", "{}", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.StartsWith("points.csv:2: column 2", (string?)body!["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, query);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json);
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/datasets"))!.AsArray());
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_before_the_body_is_read()
    {
        var url = new Uri(_server.Url);
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /datasets HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: text/csv\r\nContent-Length: {DatasetLimits.MaxBytes + 1}\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);

        var statusLine = await reader.ReadLineAsync();

        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
    }

    [Fact]
    public async Task Submit_of_a_local_csv_a_sweep_cannot_read_exits_2_with_the_coordinators_reason_and_sends_no_sweep()
    {
        using var client = new TempDir();
        var bad = client.Write("points.csv", "a,b,label\n1,oops,x\n2,3,y\n");
        var spec = client.Write("up.yaml", Sweep("points.csv"));

        var submit = await CliRun.Of("submit", spec, "--api", _server.Url);

        Assert.Equal(2, submit.ExitCode);
        Assert.Equal($"error: the coordinator refused the dataset {bad} (400): points.csv:2: column 2 (\"b\"): 'oops' is not a number", submit.Stderr.TrimEnd());
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/sweeps"))!.AsArray());
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/datasets"))!.AsArray());
    }

    [Fact]
    public async Task A_sweep_over_a_dataset_never_uploaded_is_refused_at_data_csv_and_not_journaled()
    {
        var (status, body) = await Post("/sweeps?source=up.yaml", Sweep(Id), "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("data.csv", (string?)body!["errors"]![0]!["path"]);
        Assert.Contains($"the coordinator has no dataset {Id}; upload it first", (string?)body["message"]);
        Assert.Empty(JsonNode.Parse(await _http.GetStringAsync("/sweeps"))!.AsArray());
    }

    [Fact]
    public async Task A_sweep_over_an_uploaded_dataset_is_checked_with_its_columns_and_trains()
    {
        await Post("/datasets?name=points.csv&target=label", Csv, "text/csv");
        var (misspelt, error) = await Post("/sweeps?source=up.yaml", Sweep(Id).Replace("target: label", "target: lable", StringComparison.Ordinal), "application/yaml");
        var (created, body) = await Post("/sweeps?source=up.yaml", Sweep(Id), "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, misspelt);
        Assert.Equal("data.target", (string?)error!["errors"]![0]!["path"]);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = (string)body!["id"]!;
        JsonNode status;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        do
        {
            await Task.Delay(100);
            status = JsonNode.Parse(await _http.GetStringAsync($"/sweeps/{id}"))!;
        } while ((string?)status["state"] == "running" && DateTime.UtcNow < deadline);
        Assert.True((string?)status["state"] == "finished" && (int?)status["by_status"]!["completed"] == 2, status.ToJsonString());
    }
}
