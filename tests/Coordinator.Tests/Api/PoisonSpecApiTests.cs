using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Hosting;
using Hpo.Coordinator.Tests.Cli;
using Hpo.Sweeps.Specs;
using Hpo.Worker.Cluster;
using Hpo.Worker.Hosting;

namespace Hpo.Coordinator.Tests.Api;

/// <summary>One coordinator (Kestrel at a free port) that every poison request of <see cref="PoisonSpecApiTests"/> is sent to.</summary>
public sealed class PoisonServer : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private CoordinatorServer _server = null!;

    public HttpClient Http { get; private set; } = null!;
    public string DataDirectory => Path.Combine(_dir.Path, "data");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var rows = Enumerable.Range(0, 60).Select(i => $"{i % 7}.5,{i % 5}.25,{(i % 2 == 0 ? "a" : "b")}");
        File.WriteAllText(Path.Combine(DataDirectory, "flowers.csv"), "sepal,petal,species\n" + string.Join("\n", rows) + "\n");
        var settings = new CoordinatorNodeSettings
        {
            Node = new NodeSettings { DataDirectory = DataDirectory, Worker = new WorkerOptions { Slots = 1 } },
            Coordinator = new CoordinatorOptions { Http = "http://127.0.0.1:0", Train = true },
        };
        _server = await CoordinatorServer.StartAsync(settings, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(_server.Url) };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>
/// Poison specs and bad data over <c>POST /sweeps</c>: one error each, 400 (413 for size, 415 for a content type), and
/// nothing journaled (the coordinator lists no sweep afterwards).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PoisonSpecApiTests(PoisonServer server) : IClassFixture<PoisonServer>
{
    private const string Digits = "data: {dataset: digits}\n";

    public static TheoryData<string, string, string> BadSpecs()
    {
        var laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'i'; c++)
            laughs.Append($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        return new()
        {
            // name, spec, fragment of the message
            { "grid points", Digits + "model: {units: {choice: [8, 16]}}\nsearch: {sampler: grid, grid_points: 1000000000}\n",
                "request:3: search.grid_points: must be in [2, 1000] (got 1000000000)" },
            { "huge grid", Digits + "training:\n  learning_rate: {loguniform: [1.0e-4, 1.0e-1]}\n  momentum: {uniform: [0.5, 0.9]}\n  weight_decay: {uniform: [0, 0.1]}\nsearch: {sampler: grid, grid_points: 100}\n",
                "search.sampler: the grid holds more than 100,000 configurations" },
            { "deep flow nesting", new string('[', 40_000) + new string(']', 40_000), "request:1: nested more than 64 levels deep" },
            { "deep json nesting", string.Concat(Enumerable.Repeat("{\"a\": ", 40_000)) + "1" + new string('}', 40_000), "nested more than 64 levels deep" },
            { "alias bomb", laughs.ToString(), "request:6: f[0]: the alias *e expands the document to more than 100,000 values" },
            { "huge generated dataset", "data: {dataset: regression, samples: 8000000, features: 100}\n", "800,000,000 cells; at most 10,000,000" },
            { "epochs", Digits + "training: {max_epochs: 10000000}\n", "training.max_epochs: must be in [1, 100000]" },
            { "misspelt csv", "data: {csv: flowrs.csv, target: species}\n", "data.csv: no file " },
            { "misspelt target", "data: {csv: flowers.csv, target: specis}\n", "data.target: flowers.csv has no column \"specis\" (did you mean species?)" },
            { "batch over the rows", "data: {csv: flowers.csv, target: species}\ntraining: {batch_size: {choice: [16, 128]}}\n",
                "training.batch_size: may be 128, but the training split holds 48 rows" },
        };
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task A_poison_spec_is_refused_with_one_error_and_nothing_is_journaled(string _, string spec, string message)
    {
        using var response = await server.Http.PostAsync("/sweeps", new StringContent(spec, Encoding.UTF8, "application/yaml"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (string?)body["message"]);
        Assert.Single(body["errors"]!.AsArray());
        await AssertNothingJournaled();
    }

    [Fact]
    public async Task A_25_megabyte_spec_with_its_length_declared_is_413()
    {
        using var content = new ByteArrayContent(new byte[25 << 20]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await server.Http.PostAsync("/sweeps", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("request: the spec is 26,214,400 bytes; a spec may be at most 1,048,576 bytes (1 MiB)", (string?)body["message"]);
        await AssertNothingJournaled();
    }

    [Fact]
    public async Task A_25_megabyte_spec_sent_in_chunks_is_413_after_reading_one_mebibyte()
    {
        using var content = new StreamContent(new UnseekableZeros(25 << 20));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/yaml");
        using var response = await server.Http.PostAsync("/sweeps", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"the spec is over {SpecLimits.MaxSpecBytes:N0} bytes", await response.Content.ReadAsStringAsync());
        await AssertNothingJournaled();
    }

    [Fact]
    public async Task A_spec_of_exactly_one_mebibyte_reaches_the_parser()
    {
        var head = Digits + "training: {max_epochs: 0}\n#";
        var spec = head + new string('x', SpecLimits.MaxSpecBytes - head.Length);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(spec)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await server.Http.PostAsync("/sweeps", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("training.max_epochs: must be in [1, 100000] (got 0)", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_yaml_or_json_is_415(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Digits));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await server.Http.PostAsync("/sweeps", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"content type {contentType} is not a spec's; send YAML or JSON as application/yaml, application/x-yaml, text/yaml, application/json, text/plain",
            (string?)body["message"]);
        await AssertNothingJournaled();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-yaml")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/json")]
    public async Task Spec_content_types_and_none_reach_the_parser(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"data\": {\"dataset\": \"digits\"}, \"training\": {\"max_epochs\": 0}}"));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await server.Http.PostAsync("/sweeps", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("training.max_epochs: must be in [1, 100000] (got 0)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Submit_of_a_misspelt_target_exits_2_with_the_coordinators_one_error()
    {
        using var dir = new TempDir();
        var spec = dir.Write("typo.yaml", "data: {csv: flowers.csv, target: specis}\n");

        var submit = await CliRun.Of("submit", spec, "--api", server.Http.BaseAddress!.ToString(), "--wait");

        Assert.Equal(2, submit.ExitCode);
        Assert.Equal("error: the coordinator refused the sweep (400): typo.yaml:1: data.target: flowers.csv has no column \"specis\" " +
                     "(did you mean species?); its columns: sepal, petal, species", submit.Stderr.TrimEnd());
        await AssertNothingJournaled();
    }

    private async Task AssertNothingJournaled()
    {
        var list = JsonNode.Parse(await server.Http.GetStringAsync("/sweeps"))!.AsArray();
        Assert.Empty(list);
    }

    /// <summary>A body of zeros whose length the client cannot know, so that it is sent chunked.</summary>
    private sealed class UnseekableZeros(long length) : Stream
    {
        private long _left = length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
    }
}
