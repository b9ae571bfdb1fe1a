namespace Hpo.Node.Hosting;

/// <summary>
/// What every process of a cluster has (configuration section <c>Hpo</c>): its data directory. It holds the
/// optional <c>appsettings.json</c>, the SQLite database, the checkpoints of the directory store, and the files
/// sweeps may read (relative CSV paths and transfer models resolve here).
/// </summary>
public sealed class NodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hpo";

    /// <summary>The data directory when none is given: <c>.hpo</c> under the current directory.</summary>
    public const string DefaultDataDirectory = ".hpo";

    /// <summary>The data directory (made absolute when the settings are loaded).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>What is wrong with these settings (empty when nothing).</summary>
    public IReadOnlyList<string> Validate() =>
        string.IsNullOrWhiteSpace(DataDirectory) ? ["Hpo:DataDirectory is empty"] : [];
}
