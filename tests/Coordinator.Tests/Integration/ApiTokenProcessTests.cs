using System.Net;
using System.Text.Json.Nodes;
using Hpo.Coordinator.Tests.Cli;
using Hpo.TestSupport;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>
/// A real `hpo serve` on 127.0.0.1 with an API token: every request without exactly that token is refused with 401, the
/// probes and /metrics are not; `hpo submit` and `hpo status` get in with --token and stop at one line without it.
/// And `hpo serve` bound to every address with no token does not start.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiTokenProcessTests
{
    private const string Token = "k7Qm2v9XcTz4LpW8nR3sYb6E";

    private static async Task<HttpResponseMessage> Post(LocalCluster cluster, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sweeps?source=sweep.yaml") { Content = new StringContent(SmallSweep.Named("guarded")) };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await cluster.Http.SendAsync(request);
    }

    [Fact]
    public async Task Only_the_token_opens_the_api_the_probes_and_metrics_stay_open_and_the_client_commands_carry_it()
    {
        using var dir = new TempDir();
        using var cluster = new LocalCluster(Path.Combine(dir.Path, "data"), workers: 0) { CoordinatorSeedsWorkers = false };
        cluster.SetEnvironment("HPO__COORDINATOR__APITOKEN", Token);
        await cluster.StartCoordinator();

        foreach (var refused in new string?[] { null, "Bearer " + Token[..^1] + "x", "Bearer " + Token[..8], "Bearer " + Token + "0", "Basic " + Token })
        {
            using var answer = await Post(cluster, refused);
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{refused ?? "no header"}: {(int)answer.StatusCode}");
            Assert.Equal("Bearer", answer.Headers.WwwAuthenticate.Single().Scheme);
            Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["error"]));
        }
        using (var created = await Post(cluster, "Bearer " + Token))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var guarded in new[] { "/sweeps", "/datasets", "/sweeps/x/report" })
        {
            using var answer = await cluster.Http.GetAsync(guarded);
            Assert.True(answer.StatusCode == HttpStatusCode.Unauthorized, $"{guarded}: {(int)answer.StatusCode}");
        }
        foreach (var open in new[] { "/healthz", "/metrics" })
        {
            using var answer = await cluster.Http.GetAsync(open);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{open}: {(int)answer.StatusCode}");
        }

        var spec = dir.Write("sweep.yaml", SmallSweep.Named("by-cli"));
        var submitted = await HpoProcess.Run("submit", spec, "--api", cluster.Api, "--token", Token);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        Assert.StartsWith("submitted sweep ", submitted.Stdout);
        var status = await HpoProcess.Run("status", "--json", "--api", cluster.Api, "--token", Token);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains("by-cli", status.Stdout);

        // A spec over a CSV only the client has: the upload carries the token too.
        var client = Directory.CreateDirectory(Path.Combine(dir.Path, "client")).FullName;
        await File.WriteAllTextAsync(Path.Combine(client, "points.csv"),
            "x,label\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 2 + i * 0.001:0.000},{(i % 2 == 0 ? "no" : "yes")}\n")));
        var uploading = Path.Combine(client, "sweep.yaml");
        await File.WriteAllTextAsync(uploading, """
            name: uploaded
            data: {csv: points.csv, target: label, validation: 0.25}
            objective: val_accuracy
            model: {units: [4]}
            training: {batch_size: 16, max_epochs: 2}
            search: {sampler: random, scheduler: fifo, max_trials: 1}
            """);
        var uploaded = await HpoProcess.Run("submit", uploading, "--api", cluster.Api, "--token", Token);
        Assert.True(uploaded.ExitCode == 0, uploaded.Stderr);
        Assert.Contains("as dataset sha256:", uploaded.Stdout + uploaded.Stderr);

        var anonymous = await HpoProcess.Run("submit", spec, "--api", cluster.Api);
        Assert.Equal(2, anonymous.ExitCode);
        Assert.Equal($"error: the coordinator at {cluster.Api} needs an API token (401): give --token or set HPO__COORDINATOR__APITOKEN", anonymous.Stderr.Trim());
        var wrong = await HpoProcess.Run("trials", "x", "--api", cluster.Api, "--token", "wrong");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal($"error: the coordinator at {cluster.Api} refused the API token (401): check --token or HPO__COORDINATOR__APITOKEN", wrong.Stderr.Trim());
    }

    [Fact]
    public async Task Serve_bound_to_every_address_without_a_token_refuses_to_start_in_one_line()
    {
        using var dir = new TempDir();

        var run = await HpoProcess.Run("serve", "--data-dir", Path.Combine(dir.Path, "data"), "--http", $"http://0.0.0.0:{FreePort.Consecutive(1)}", "--port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: bad settings: Hpo:Coordinator:ApiToken (HPO__COORDINATOR__APITOKEN) is needed: the API listens on 0.0.0.0, not loopback " +
                     "(Hpo:Coordinator:AllowAnonymous: true serves it to anyone)", run.Stderr.Trim());
        Assert.Equal("", run.Stdout);
    }
}
