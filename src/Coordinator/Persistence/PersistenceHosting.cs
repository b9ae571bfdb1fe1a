using System.Text.Json;
using Akka.Hosting;
using Akka.Persistence.Sql;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Persistence;

/// <summary>The coordinator's journal and snapshot store on Akka.Persistence.Sql, configured directly (no separate hosting package).</summary>
public static class PersistenceHosting
{
    /// <summary>
    /// The journal and snapshot store on Akka.Persistence.Sql (SQLite file or PostgreSQL, tables created on
    /// start), and the coordinator's serializer bound to everything it writes.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoPersistence(this AkkaConfigurationBuilder builder, JournalDatabase settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // JSON string literals are valid HOCON strings: a connection string's quotes and backslashes stay intact.
        var database = $"connection-string = {JsonSerializer.Serialize(settings.ConnectionString)}, " +
                       $"provider-name = {JsonSerializer.Serialize(settings.ProviderName)}";
        var plugin = database + $", auto-initialize = {(settings.ReadOnly ? "off" : "on")}";
        return builder
            .AddHocon($$"""
                akka.persistence.journal.plugin = "akka.persistence.journal.sql"
                akka.persistence.journal.sql { {{plugin}} }
                akka.persistence.query.journal.sql { {{database}}, write-plugin = "akka.persistence.journal.sql" }
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
                akka.persistence.snapshot-store.sql { {{plugin}} }
                """, HoconAddMode.Prepend)
            .AddHocon(SqlPersistence.DefaultConfiguration, HoconAddMode.Append)
            .WithHpoCoordinatorSerializer();
    }

    /// <summary>Binds <see cref="CoordinatorSerializer"/> to the sweep events and the coordinator's own journal events.</summary>
    public static AkkaConfigurationBuilder WithHpoCoordinatorSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(CoordinatorSerializer.Name, [typeof(SweepEvent), typeof(IJournalEvent)],
            system => new CoordinatorSerializer(system));
}
