using Akka.Actor;
using Hpo.Coordinator.Persistence;
using Hpo.Worker.Cluster;
using Hpo.Worker.Datasets;

namespace Hpo.Coordinator.Datasets;

/// <summary>Where workers fetch uploaded datasets: a <see cref="DatasetServer"/> on every coordinator, over the journal's database.</summary>
public static class DatasetServing
{
    /// <summary>Starts the server at <c>/user/hpo-datasets</c>; its store is closed with the actor system.</summary>
    public static IActorRef Start(ActorSystem system, JournalDatabase journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var store = new SqlDatasetStore(journal.Storage.Provider, journal.ConnectionString);
        system.RegisterOnTermination(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return system.ActorOf(DatasetServer.Props(store), DatasetServer.Name);
    }
}
