using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using Hpo.Coordinator.Api;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Datasets;
using Hpo.Node.CommandLine;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;

namespace Hpo.Cli;

/// <summary>
/// `hpo submit SWEEP.yaml --api URL [--wait] [--json] [--save-best FILE]`: sends a sweep to a running coordinator,
/// uploading first the CSV file its data.csv names (<see cref="DatasetUploader"/>).
/// </summary>
public static class SubmitCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("sweep") { Description = "the sweep spec (YAML or JSON)" };
        var api = new Option<string>("--api") { Description = "the coordinator's API", DefaultValueFactory = _ => Coordinator.Hosting.CoordinatorOptions.DefaultHttp };
        var wait = new Option<bool>("--wait") { Description = "follow the sweep to its end, then print the leaderboard" };
        var json = new Option<bool>("--json") { Description = "with --wait: end the output with one JSON line of the outcome" };
        var saveBest = new Option<FileInfo?>("--save-best") { Description = "with --wait: write the sweep's best model (its refit with search.refit) to this file" };
        var token = new ApiTokenOption();
        var command = new Command("submit", "Send a sweep to a running cluster") { spec, api, wait, json, saveBest, token.Option };
        command.SetAction((result, cancellation) => UserErrors.RunAsync(() =>
            RunAsync(result.GetValue(spec)!.FullName, result.GetValue(api)!, result.GetValue(wait), result.GetValue(json), stdout, stderr, cancellation,
                result.GetValue(saveBest)?.FullName, new CoordinatorLink { Token = token.Read(result) }), stderr));
        return command;
    }

    public static async Task<int> RunAsync(string path, string api, bool wait, bool json, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellation, string? saveBest = null, CoordinatorLink? link = null)
    {
        link ??= new CoordinatorLink();
        if (saveBest is not null && !wait) throw new UsageException("--save-best needs --wait: the best model is known once the sweep is over");
        string text;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > Sweeps.Specs.SpecLimits.MaxSpecBytes) throw new UsageException(Sweeps.Specs.SpecYamlReader.TooLarge(path, length).Message);
            text = await File.ReadAllTextAsync(path, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }
        if (!Uri.TryCreate(api, UriKind.Absolute, out var baseUri)) throw new UsageException($"--api: '{api}' is not a URL");
        using var http = link.CreateClient(baseUri, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        // A CSV file on this machine goes to the coordinator first, and the spec it journals names the upload by hash;
        // a path this machine lacks is left to the coordinator, which reads it under its own data directory.
        if (SpecCsvReference.Find(text, Path.GetFileName(path), Path.GetDirectoryName(path)!) is { } local && File.Exists(local.File))
        {
            if (await DatasetUploader.UploadAsync(http, local, api, stdout, stderr, cancellation) is not { } id) return UserErrors.ExitCode;
            text = local.NamingUploaded(id);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"sweeps?source={Uri.EscapeDataString(Path.GetFileName(path))}",
                new StringContent(text, System.Text.Encoding.UTF8, "application/yaml"), cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new UsageException($"cannot reach the coordinator at {api}: {e.Message}");
        }
        if (!response.IsSuccessStatusCode)
        {
            var rejected = await response.Content.ReadFromJsonAsync<SweepRejected>(JournalJson.Options, cancellation);
            stderr.WriteLine($"error: the coordinator refused the sweep ({(int)response.StatusCode}): {rejected?.Message}");
            return UserErrors.ExitCode;
        }
        var created = (await response.Content.ReadFromJsonAsync<SweepApi.SweepCreatedAnswer>(JournalJson.Options, cancellation))!;
        stdout.WriteLine($"submitted sweep {created.Id}: {new Uri(baseUri, created.Href)}");
        if (!wait) return 0;

        SweepStatus status;
        var cadence = new ProgressCadence();
        try
        {
            while (true)
            {
                status = (await link.SendAsync(c => http.GetFromJsonAsync<SweepStatus>($"sweeps/{created.Id}", JournalJson.Options, c), cancellation))!;
                if (cadence.ShouldPrint(status, clock.Elapsed))
                    stdout.WriteLine(SweepReport.Line(status, status.EpochsTotal / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
                if (status.IsOver) break;
                await Task.Delay(500, cancellation);
            }
        }
        catch (CoordinatorLostException e)
        {
            stderr.WriteLine($"error: lost the coordinator at {api}: {e.Message}; the sweep {created.Id} continues there if it comes back: hpo status --api {api}");
            return CoordinatorLostException.ExitCode;
        }
        stdout.WriteLine();
        SweepReport.WriteLeaderboard(stdout, status);
        if (saveBest is not null && status.Best is not null)
        {
            // The coordinator serves it from the checkpoint database, its own directory or the worker that stored it.
            using var model = await http.GetAsync($"sweeps/{created.Id}/best/model", cancellation);
            if (!model.IsSuccessStatusCode)
            {
                stderr.WriteLine($"error: the best model of sweep {created.Id} cannot be downloaded ({(int)model.StatusCode}): " +
                                 await model.Content.ReadAsStringAsync(cancellation));
                return 1;
            }
            await File.WriteAllBytesAsync(saveBest, await model.Content.ReadAsByteArrayAsync(cancellation), cancellation);
            stdout.WriteLine($"best model written to {saveBest}");
        }
        if (json) stdout.WriteLine(SweepReport.Json(status, clock.Elapsed.TotalSeconds).ToJsonString());
        if (SweepVerdict.Of(status, await FirstErrorAsync(http, status, cancellation)) is not { } failure) return 0;
        stderr.WriteLine($"error: {failure.Message}");
        return failure.ExitCode;
    }

    /// <summary>The first failed trial's error, when every trial failed (what the user needs to fix).</summary>
    private static async Task<string?> FirstErrorAsync(HttpClient http, SweepStatus status, CancellationToken cancellation)
    {
        if (status.ByStatus.GetValueOrDefault(Sweeps.Search.State.TrialStatus.Failed) == 0) return null;
        for (int t = 0; t < status.Trials; t++)
        {
            try
            {
                var trial = await http.GetFromJsonAsync<TrialDetail>($"sweeps/{status.Id}/trials/{t}", JournalJson.Options, cancellation);
                if (trial?.Error is { } error) return $"trial {t}: {error}";
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }
        return null;
    }
}
