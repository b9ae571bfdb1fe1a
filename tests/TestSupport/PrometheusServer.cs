using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hpo.TestSupport;

/// <summary>
/// A throwaway Prometheus (Debian's <c>prometheus</c>) on a free loopback port, scraping the given targets every second
/// with a configuration it writes to a temporary directory; its storage there too. <see cref="Query"/> evaluates PromQL
/// through the HTTP API. Not installed is a failure with a message, never a silent pass: CI installs the package.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Url = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>The temporary directory: <c>prometheus.yml</c>, <c>data/</c>, <c>prometheus.log</c>.</summary>
    public string Directory { get; }

    public string Url { get; }

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (<c>host:port</c>, path <c>/metrics</c>) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets)
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it)");
        var directory = System.IO.Directory.CreateTempSubdirectory("hpo-prom-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        var list = string.Join(", ", targets.Select(t => $"'{t}'"));
        await File.WriteAllTextAsync(config, $$"""
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: hpo
                scrape_interval: 1s
                scrape_timeout: 1s
                static_configs: [{targets: [{{list}}]}]
            """);
        int port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var a in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"prometheus exited ({process.ExitCode}): {log}");
            }
            try
            {
                using var ready = await server._http.GetAsync("/-/ready");
                if (ready.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"prometheus was not ready within 60 s: {log}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The result of an instant query: each series' labels and value (the <c>data.result</c> vector).</summary>
    public async Task<IReadOnlyList<PromSample>> Query(string promql)
    {
        using var response = await _http.PostAsync("/api/v1/query", new FormUrlEncodedContent([new("query", promql)]));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["status"] != "success")
            throw new InvalidOperationException($"prometheus refused {promql}: {body["errorType"]}: {body["error"]}");
        var data = body["data"]!;
        if ((string?)data["resultType"] == "scalar")
            return [new PromSample(new Dictionary<string, string>(), Parse((string)data["result"]![1]!))];
        return data["result"]!.AsArray().Select(r => new PromSample(
            r!["metric"]!.AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!),
            Parse((string)r["value"]![1]!))).ToArray();
    }

    /// <summary>Polls <paramref name="promql"/> until <paramref name="holds"/> is true of its result; the last result.</summary>
    public async Task<IReadOnlyList<PromSample>> WaitFor(string promql, Func<IReadOnlyList<PromSample>, bool> holds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var result = await Query(promql);
            if (holds(result)) return result;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{promql} did not reach the expected value in {timeout.TotalSeconds:0} s: " +
                                           string.Join("; ", result.Select(s => s.ToString())));
            await Task.Delay(250);
        }
    }

    private static double Parse(string value) => value switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One series of an instant query: its labels and its value.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";

    public override string ToString() => "{" + string.Join(",", Labels.Select(kv => $"{kv.Key}=\"{kv.Value}\"")) + "} " + Value.ToString(CultureInfo.InvariantCulture);
}
