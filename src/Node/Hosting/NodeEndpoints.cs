using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hpo.Node.Hosting;

/// <summary>
/// A worker process's HTTP endpoints: <c>/healthz</c> (the process answers), <c>/readyz</c> (this cluster member is up
/// beside a reachable coordinator, so it can be given trials) and <c>/metrics</c>, answered as the coordinator answers them: <c>{"status": ..., "problems": [...]}</c>.
/// </summary>
public static class NodeEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The health answer.</summary>
    public sealed record Health(string Status, IReadOnlyList<string> Problems);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNodeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new Health("alive", []), Json));
        app.MapGet("/readyz", (ActorSystem system) =>
        {
            var problems = ReadinessProblems(Akka.Cluster.Cluster.Get(system));
            return problems.Count == 0
                ? Results.Json(new Health("ready", []), Json)
                : Results.Json(new Health("not ready", problems), Json, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapHpoMetrics();
        return app;
    }

    /// <summary>Why this node cannot be given trials now: it is not an up member, or its cluster has no reachable coordinator.</summary>
    public static IReadOnlyList<string> ReadinessProblems(Akka.Cluster.Cluster cluster)
    {
        var self = cluster.SelfMember.Status;
        if (self != MemberStatus.Up) return [$"this cluster member is {self.ToString().ToLowerInvariant()}, not up"];
        var state = cluster.State;
        bool coordinator = state.Members.Any(m => m.Status == MemberStatus.Up && m.HasRole(HpoRoles.Coordinator) && !state.Unreachable.Contains(m));
        return coordinator ? [] : ["the cluster has no reachable coordinator"];
    }
}
