using System.CommandLine;
using Hpo.Client;
using Hpo.Coordinator.Archive;
using Hpo.Coordinator.Hosting;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Hpo.Worker.Hosting;

namespace Hpo.Cli;

/// <summary>
/// Where a command reads existing sweeps: <c>--api URL</c> (a running coordinator) or the journal of a data directory
/// (<c>--data-dir</c>, <c>--storage</c>, <c>--connection-string</c> and the rest of the one configuration).
/// </summary>
public sealed class SweepSourceFlags
{
    private readonly Option<string> _api = new("--api") { Description = "read the sweeps of a running coordinator's API (e.g. http://127.0.0.1:5080) instead of a data directory" };
    private readonly ApiTokenOption _token = new();
    private readonly SettingFlags _settings = new SettingFlags()
        .WithDataDirectory("the data directory whose journal holds the sweeps (default .hpo)")
        .WithStorage();

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_api);
        command.Options.Add(_token.Option);
        return _settings.AddTo(command);
    }

    /// <summary>The source the flags of <paramref name="result"/> name.</summary>
    public async Task<ISweepSource> OpenAsync(ParseResult result, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = _settings.Values(result);
        if (result.GetValue(_api) is { } api)
        {
            if (settings.Count > 0)
                throw new UsageException($"--api reads a running coordinator; {string.Join(", ", _settings.Options.Where(o => result.GetResult(o) is not null).Select(o => o.Name))} name a journal: give one or the other");
            return new ApiSweepSource(api, _token.Read(result));
        }
        var node = NodeSettings.Load(HpoConfiguration.Build(settings));
        var journal = new CoordinatorNodeSettings { Node = node }.Journal;
        return await JournalSweepSource.OpenAsync(journal, cancellation).ConfigureAwait(false);
    }
}
