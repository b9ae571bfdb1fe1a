using Akka.Hosting;
using Hpo.Worker.Cluster;

namespace Hpo.Worker.Hosting;

public static partial class WorkerHosting
{
    /// <summary>
    /// On a worker that joins through seeds: a <see cref="CoordinatorWatch"/> that calls <paramref name="rejoin"/>
    /// once its cluster has had no coordinator for <paramref name="rejoinAfter"/> (see <see cref="CoordinatorPresence"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithCoordinatorWatch(this AkkaConfigurationBuilder builder, TimeSpan rejoinAfter,
        Action<string> rejoin) =>
        builder.WithActors((system, _) =>
            system.ActorOf(CoordinatorWatch.Props(new CoordinatorPresence(rejoinAfter), rejoin), CoordinatorWatch.Name));
}
