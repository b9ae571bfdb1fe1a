using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Hpo.Coordinator.Search.State;

namespace Hpo.Coordinator.Persistence;

public static class PersistenceHosting
{
    /// <summary>
    /// The journal and snapshot store on Akka.Persistence.Sql (SQLite file or PostgreSQL, tables created on
    /// start), and the coordinator's serializer bound to everything it writes.
    /// </summary>
    public static AkkaConfigurationBuilder WithHpoPersistence(this AkkaConfigurationBuilder builder, JournalSettings settings)
    {
        var journal = new SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = settings.ConnectionString,
            ProviderName = settings.ProviderName,
            AutoInitialize = true,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = settings.ConnectionString,
            ProviderName = settings.ProviderName,
            AutoInitialize = true,
        };
        return builder
            .WithSqlPersistence(journal, snapshots)
            .WithHpoCoordinatorSerializer();
    }

    public static AkkaConfigurationBuilder WithHpoCoordinatorSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(CoordinatorSerializer.Name, [typeof(SweepEvent), typeof(IJournalEvent)],
            system => new CoordinatorSerializer(system));
}
