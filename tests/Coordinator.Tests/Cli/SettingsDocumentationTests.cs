using System.Reflection;
using Hpo.Coordinator.Hosting;
using Hpo.Node.Hosting;
using Hpo.Node.Storage;
using Hpo.Worker.Cluster;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>The README's settings table documents every key a role reads, with its environment variable.</summary>
public sealed class SettingsDocumentationTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var (type, section) in new (Type, string)[]
                 {
                     (typeof(NodeOptions), NodeOptions.Section), (typeof(HpoClusterOptions), HpoClusterOptions.Section),
                     (typeof(WorkerOptions), WorkerOptions.Section), (typeof(StorageOptions), StorageOptions.Section),
                     (typeof(CoordinatorOptions), CoordinatorOptions.Section),
                 })
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                data.Add($"{section}:{property.Name}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_setting_is_in_the_readme_table_with_its_environment_variable(string key)
    {
        var row = File.ReadLines(CliRun.RepositoryFile("README.md")).SingleOrDefault(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal));
        Assert.NotNull(row);
        Assert.Contains("`" + key.ToUpperInvariant().Replace(":", "__", StringComparison.Ordinal), row);
    }
}
