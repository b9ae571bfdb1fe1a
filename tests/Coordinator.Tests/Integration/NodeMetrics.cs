using System.Globalization;
using System.Text.RegularExpressions;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>One sample of a Prometheus text exposition: a metric's name, its labels and its value.</summary>
internal sealed partial record NodeMetric(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Every sample a process serves on <c>/metrics</c> now.</summary>
    public static async Task<IReadOnlyList<NodeMetric>> Scrape(HttpClient http, string url)
    {
        var samples = new List<NodeMetric>();
        foreach (var line in (await http.GetStringAsync(url)).Split('\n'))
        {
            var m = Sample().Match(line);
            if (!m.Success) continue;
            var labels = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            samples.Add(new NodeMetric(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex Label();
}
