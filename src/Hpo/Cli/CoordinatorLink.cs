using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hpo.Engine;

namespace Hpo.Cli;

/// <summary>The coordinator could not be reached for longer than a client waits; the sweep may go on there.</summary>
public sealed class CoordinatorLostException(string reason, int tries, TimeSpan waited)
    : HpoException($"{reason} ({tries} tries in {waited.TotalSeconds:0} s)")
{
    /// <summary>The exit code of a client that lost its coordinator (not the user's error, nothing lost there).</summary>
    public const int ExitCode = 4;

    /// <summary>Why the last try failed, in a few words ("connection refused").</summary>
    public string Reason { get; } = reason;

    /// <summary>How many requests were tried.</summary>
    public int Tries { get; } = tries;
}

/// <summary>
/// A client's requests to a coordinator that may restart: a request that cannot reach it (refused, reset, timed
/// out, 502/503/504 from a proxy) is tried again every <see cref="Pause"/> until <see cref="Patience"/> has passed
/// since the first failure, then ends in <see cref="CoordinatorLostException"/>. Any other answer is the caller's.
/// </summary>
public sealed class CoordinatorLink
{
    /// <summary>How long a client waits for a coordinator that went away.</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two tries.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The API token the requests carry (null: none).</summary>
    public string? Token { get; init; }

    /// <summary>A client of the API at <paramref name="baseUri"/> that carries <see cref="Token"/>; a 401 is a <see cref="Hpo.Node.CommandLine.UsageException"/>.</summary>
    public HttpClient CreateClient(Uri baseUri, TimeSpan timeout) => Client.ApiTokenClient.Create(baseUri, Token, timeout);

    /// <summary>Runs <paramref name="request"/>, trying again while the coordinator cannot be reached.</summary>
    public async Task<T> SendAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        Stopwatch? down = null;
        int tries = 0;
        while (true)
        {
            tries++;
            try
            {
                return await request(cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && Unreachable(e) is { } reason)
            {
                down ??= Stopwatch.StartNew();
                if (down.Elapsed >= Patience) throw new CoordinatorLostException(reason, tries, down.Elapsed);
                await Task.Delay(Pause, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Why <paramref name="e"/> means the coordinator is not there, or null when it answered.</summary>
    public static string? Unreachable(Exception e) => e switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } h =>
            $"it answered {(int)h.StatusCode!}",
        HttpRequestException { StatusCode: null } h => Innermost(h),
        TaskCanceledException or TimeoutException => "no answer in time",
        IOException => Innermost(e),
        _ => null,
    };

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e is SocketException s ? Describe(s.SocketErrorCode, s.Message) : e.Message;
    }

    private static string Describe(SocketError code, string message) => code switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostNotFound => "host not found",
        _ => message,
    };
}
