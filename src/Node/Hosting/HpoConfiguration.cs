using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Hpo.Node.Hosting;

/// <summary>
/// The one configuration of every role (<c>hpo run</c>, <c>hpo serve</c>, <c>hpo worker</c>), each key settable
/// four ways, the first found winning: a command-line flag, an environment variable <c>HPO__SECTION__KEY</c>,
/// <c>appsettings.json</c> in the data directory, <c>appsettings.json</c> beside the binary; else the command's
/// default, else the options class's.
/// </summary>
public static class HpoConfiguration
{
    /// <summary>The settings file's name, in the data directory or beside the binary.</summary>
    public const string FileName = "appsettings.json";

    /// <summary>The prefix of the environment variables read (<c>HPO__WORKER__SLOTS</c> is <c>Hpo:Worker:Slots</c>).</summary>
    public const string EnvironmentPrefix = "HPO__";

    /// <summary>The key of the data directory, where the second <see cref="FileName"/> is looked for.</summary>
    public const string DataDirectoryKey = "Hpo:DataDirectory";

    /// <summary>
    /// The configuration of a command: <paramref name="flags"/> (the keys the command line set) over the environment
    /// (<paramref name="environment"/>, the process's by default) over the two settings files over
    /// <paramref name="defaults"/>. A malformed settings file is a <see cref="SettingsException"/>.
    /// </summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?> flags, IReadOnlyDictionary<string, string?>? defaults = null,
        IDictionary? environment = null)
    {
        var variables = EnvironmentValues(environment ?? Environment.GetEnvironmentVariables());
        var besideBinary = Path.Combine(AppContext.BaseDirectory, FileName);
        var commandDefaults = new Dictionary<string, string?>(defaults ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        commandDefaults.TryAdd(DataDirectoryKey, NodeOptions.DefaultDataDirectory);

        // The data directory decides where the second settings file is, so it is found first, without that file.
        var dataDirectory = Load([commandDefaults, variables, flags], besideBinary)[DataDirectoryKey];
        var inDataDirectory = string.IsNullOrWhiteSpace(dataDirectory) ? null : Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        return Load([commandDefaults, variables, flags], besideBinary, inDataDirectory);
    }

    /// <summary>The first of <paramref name="layers"/> is the lowest; the settings files sit just above it.</summary>
    private static IConfigurationRoot Load(IReadOnlyList<IEnumerable<KeyValuePair<string, string?>>> layers, params string?[] files)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(layers[0]);
        foreach (var file in files)
        {
            if (file is not null && File.Exists(file)) builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        }
        foreach (var layer in layers.Skip(1)) builder.AddInMemoryCollection(layer);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            throw new SettingsException([$"{e.Message.TrimEnd('.')}: {e.InnerException?.Message}"], e);
        }
    }

    /// <summary>The <c>HPO__...</c> variables as configuration keys (<c>__</c> separates sections, as in ASP.NET).</summary>
    public static Dictionary<string, string?> EnvironmentValues(IDictionary environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is not string name || !name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            values["Hpo:" + name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
        }
        return values;
    }
}
