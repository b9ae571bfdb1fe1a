using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hpo.Worker.Hosting;

/// <summary>
/// A worker process's HTTP endpoints: <c>/healthz</c> (the process answers), <c>/readyz</c> (this cluster member is up)
/// and <c>/metrics</c>, answered as the coordinator answers them: <c>{"status": ..., "problems": [...]}</c>.
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
            var status = Akka.Cluster.Cluster.Get(system).SelfMember.Status;
            return status == MemberStatus.Up
                ? Results.Json(new Health("ready", []), Json)
                : Results.Json(new Health("not ready", [$"this cluster member is {status.ToString().ToLowerInvariant()}, not up"]), Json,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapHpoMetrics();
        return app;
    }
}
