using System.Text.RegularExpressions;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Architecture;

/// <summary>
/// The rooms of <c>src/</c> depend one way: no folder imports a folder that imports it back. A folder is a
/// namespace (<c>src/Coordinator/Search/State</c> is <c>Hpo.Sweeps.Search.State</c>); a file imports the
/// folders it names in <c>using</c> directives and in qualified names, and the enclosing folders whose types it
/// names without either (C# finds a parent namespace's types unasked: <c>Hpo.Sweeps.Search.Plans</c> sees
/// <c>Hpo.Sweeps.Search</c>).
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void No_folder_imports_a_folder_that_imports_it_back()
    {
        var graph = Graph(Path.Combine(Path.GetDirectoryName(CliRun.RepositoryFile("Cluster.sln"))!, "src"));
        var cycles = (from a in graph.Keys
                      from b in graph[a].Keys
                      where string.CompareOrdinal(a, b) < 0 && graph.TryGetValue(b, out var back) && back.ContainsKey(a)
                      select $"{a} <-> {b} ({graph[a][b]} / {graph[b][a]})").ToList();
        Assert.True(cycles.Count == 0, "folders that import each other:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_engine_imports_no_other_layer_and_the_worker_not_the_coordinator()
    {
        var graph = Graph(Path.Combine(Path.GetDirectoryName(CliRun.RepositoryFile("Cluster.sln"))!, "src"));
        Assert.DoesNotContain(graph.Where(kv => kv.Key.StartsWith("Hpo.Engine", StringComparison.Ordinal)).SelectMany(kv => kv.Value.Keys),
            to => !to.StartsWith("Hpo.Engine", StringComparison.Ordinal));
        Assert.DoesNotContain(graph.Where(kv => kv.Key.StartsWith("Hpo.Worker", StringComparison.Ordinal)).SelectMany(kv => kv.Value.Keys),
            to => to.StartsWith("Hpo.Coordinator", StringComparison.Ordinal));
    }

    /// <summary>Folder namespace to the folders it imports, each with one file that does.</summary>
    private static Dictionary<string, Dictionary<string, string>> Graph(string src)
    {
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        // A project's folder is its root namespace: src/Worker/Cluster is Hpo.Worker.Cluster, src/Hpo/Cli (the executable) Hpo.Cli.
        string FolderOf(string file)
        {
            var folder = Path.GetRelativePath(src, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '.');
            return folder == "Hpo" || folder.StartsWith("Hpo.", StringComparison.Ordinal) ? folder : "Hpo." + folder;
        }
        var folders = files.Select(FolderOf).ToHashSet(StringComparer.Ordinal);
        var code = files.ToDictionary(f => f, f => LineComment().Replace(File.ReadAllText(f), ""), StringComparer.Ordinal);
        var declared = files.GroupBy(FolderOf, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => g.SelectMany(f => Declaration().Matches(code[f]).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var me = FolderOf(file);
            var layer = me.StartsWith("Hpo.Cli", StringComparison.Ordinal) || me == "Hpo" ? "Hpo" : string.Join('.', me.Split('.').Take(2));
            var text = code[file];
            var names = Qualified().Matches(text).Select(m => m.Value)
                .Concat(Relative().Matches(text).Select(m => layer + "." + m.Value));
            var targets = names.Select(name =>
            {
                var parts = name.Split('.');
                return Enumerable.Range(2, parts.Length - 1).Reverse()
                    .Select(k => string.Join('.', parts.Take(k))).FirstOrDefault(folders.Contains);
            }).OfType<string>().ToList();
            var identifiers = Identifier().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            var ownNames = declared[me];
            for (var parent = ParentOf(me); parent is not null; parent = ParentOf(parent))
            {
                if (declared.TryGetValue(parent, out var theirs) && theirs.Any(t => !ownNames.Contains(t) && identifiers.Contains(t)))
                    targets.Add(parent);
            }
            foreach (var target in targets.Where(t => t != me))
            {
                if (!graph.TryGetValue(me, out var edges)) graph[me] = edges = new Dictionary<string, string>(StringComparer.Ordinal);
                edges.TryAdd(target, Path.GetRelativePath(src, file));
            }
        }
        return graph;
    }

    private static string? ParentOf(string folder) =>
        folder.LastIndexOf('.') is var dot and > 0 ? folder[..dot] : null;

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\bHpo(\.[A-Z]\w*)+")]
    private static partial Regex Qualified();

    /// <summary>Names qualified from a layer's root, as <c>Search.State.TrialFailed</c> inside Hpo.Coordinator.</summary>
    [GeneratedRegex(@"(?<![\w.])(Search|Cluster|Sweeps|Sharing|Telemetry|Reports|Archive|Specs|Persistence|Cli|Api|Hosting|Runs|Benchmarks|Protocol|Training|Checkpoints|Storage|CommandLine|Simulation|Serialization|Diagnostics|Data|Kernels|Layers|Model|Losses|Optimizers|Schedules|Activations|Tensors|Random)(\.[A-Z]\w*)+")]
    private static partial Regex Relative();
}
