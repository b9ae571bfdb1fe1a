using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hpo.Coordinator.Cluster;
using Hpo.Coordinator.Persistence;
using Hpo.Node.CommandLine;
using Hpo.Node.Hosting;
using Hpo.Node.Storage;
using Hpo.Sweeps.Control;
using Hpo.Sweeps.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hpo.Coordinator.Archive;

/// <summary>
/// The sweeps of a journal, read back without running them (Akka.Persistence.Query over the SQL journal): what
/// <c>hpo status</c>, <c>hpo trials</c> and <c>hpo report</c> show of a data directory, and what the API's reports
/// are drawn from. Reading never writes: a sweep left unfinished stays as it was.
/// </summary>
public sealed class SweepArchive : IAsyncDisposable
{
    private readonly ActorSystem? _system;
    private readonly IHost? _host;

    /// <summary>An archive over the journal of a running actor system (the coordinator's own).</summary>
    public SweepArchive(ActorSystem system)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
    }

    private SweepArchive(IHost? host)
    {
        _host = host;
        _system = host?.Services.GetRequiredService<ActorSystem>();
    }

    /// <summary>
    /// Opens the journal of <paramref name="settings"/> in an actor system of its own (no cluster). A SQLite journal
    /// that does not exist yet is an empty archive (nothing is created), one in a missing directory a
    /// <see cref="UsageException"/>; a SQLite file is read only, and checked whole first; an unreadable or
    /// unreachable database throws <see cref="StorageUnavailableException"/>.
    /// </summary>
    public static async Task<SweepArchive> OpenAsync(JournalDatabase settings, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (SqliteJournalFile.PathOf(settings) is { } file)
        {
            var directory = Path.GetDirectoryName(file)!;
            if (!Directory.Exists(directory)) throw new UsageException($"no data directory {directory}");
            if (!File.Exists(file)) return new SweepArchive((IHost?)null);
            // Read only, so a journal on a read-only file system (or a copy of someone else's) reads as well.
            settings = settings with
            {
                ReadOnly = true,
                ConnectionString = await SqliteJournalFile.ReadOnlyConnectionStringAsync(settings.ConnectionString, cancellation).ConfigureAwait(false),
            };
            await SqliteJournalFile.CheckIntactAsync(settings, cancellation).ConfigureAwait(false);
        }
        else
        {
            await JournalProbe.CheckAsync(settings, TimeSpan.FromSeconds(10), cancellation).ConfigureAwait(false);
        }
        var host = new HostBuilder()
            .ConfigureLogging(l => HpoLogging.Configure(l, LogLevel.Error))
            .ConfigureServices(s => s.AddAkka("hpo-archive", akka => akka
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.ErrorLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithHpoPersistence(settings)))
            .Build();
        await host.StartAsync(cancellation).ConfigureAwait(false);
        return new SweepArchive(host);
    }

    /// <summary>The ids of the journal's sweeps, oldest first.</summary>
    public async Task<IReadOnlyList<string>> SweepIdsAsync(CancellationToken cancellation = default) =>
        (await EventsAsync(SweepRegistry.Id, cancellation).ConfigureAwait(false))
            .Select(r => r.Event).OfType<SweepRegistered>().Select(r => r.SweepId).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Every sweep of the journal, oldest first.</summary>
    public async Task<IReadOnlyList<SweepHistory>> ReadAllAsync(CancellationToken cancellation = default)
    {
        var sweeps = new List<SweepHistory>();
        foreach (var id in await SweepIdsAsync(cancellation).ConfigureAwait(false))
            sweeps.Add(await ReadAsync(id, cancellation).ConfigureAwait(false) ?? SweepHistoryFold.Broken(id, default, "the sweep has no journal"));
        return sweeps;
    }

    /// <summary>One sweep's history; null when the journal holds no sweep of that id.</summary>
    public async Task<SweepHistory?> ReadAsync(string sweepId, CancellationToken cancellation = default)
    {
        var events = await EventsAsync(SweepActor.PersistenceIdOf(sweepId), cancellation).ConfigureAwait(false);
        if (events.Count == 0 || events[0].Event is not SweepCreated created) return null;
        return SweepHistoryFold.Build(created, events.Skip(1).ToArray());
    }

    private async Task<IReadOnlyList<RecordedEvent>> EventsAsync(string persistenceId, CancellationToken cancellation)
    {
        if (_system is null) return [];
        var journal = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _system.Materializer()).WaitAsync(cancellation).ConfigureAwait(false);
        var events = new List<RecordedEvent>(envelopes.Count);
        foreach (var envelope in envelopes)
        {
            var at = WrittenAt(envelope.Timestamp);
            if (envelope.Event is SweepEventBatch batch) events.AddRange(batch.Events.Select(e => new RecordedEvent(e, at)));
            else events.Add(new RecordedEvent(envelope.Event, at));
        }
        return events;
    }

    /// <summary>The journal row's timestamp (UTC ticks); null when the row has none.</summary>
    private static DateTimeOffset? WrittenAt(long ticks) =>
        ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public async ValueTask DisposeAsync()
    {
        if (_host is null) return;
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stopping.Token).ConfigureAwait(false);
        _host.Dispose();
    }
}
