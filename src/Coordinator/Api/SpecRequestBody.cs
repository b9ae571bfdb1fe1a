using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Hpo.Coordinator.Cluster;
using Hpo.Sweeps.Specs;
using Microsoft.AspNetCore.Http;

namespace Hpo.Coordinator.Api;

/// <summary>
/// The spec a <c>POST /sweeps</c> carries: refused with 415 for a content type that is not a spec's, and with 413
/// past <see cref="SpecLimits.MaxSpecBytes"/>, declared or read, so that no more than the cap is ever buffered.
/// </summary>
public static class SpecRequestBody
{
    /// <summary>The media types a spec may be sent as; a request without a content type is taken as YAML too.</summary>
    public static IReadOnlyList<string> MediaTypes { get; } =
        ["application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain"];

    /// <summary>The spec's text, or the refusal to answer with (and the status in it).</summary>
    public static async Task<(string? Text, SweepRejected? Refusal, int Status)> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentType is { Length: > 0 } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media)
                || !MediaTypes.Contains(media.MediaType ?? "", StringComparer.OrdinalIgnoreCase)))
            return Refuse(StatusCodes.Status415UnsupportedMediaType,
                $"content type {contentType} is not a spec's; send YAML or JSON as {string.Join(", ", MediaTypes)}");

        if (request.ContentLength is { } declared && declared > SpecLimits.MaxSpecBytes)
            return Refuse(StatusCodes.Status413PayloadTooLarge, SpecYamlReader.TooLarge("request", declared).Message);

        // One byte past the cap tells a body over it from one exactly at it.
        var buffer = ArrayPool<byte>.Shared.Rent(SpecLimits.MaxSpecBytes + 1);
        try
        {
            int read = 0;
            while (read <= SpecLimits.MaxSpecBytes)
            {
                var n = await request.Body.ReadAsync(buffer.AsMemory(read, SpecLimits.MaxSpecBytes + 1 - read), cancellation);
                if (n == 0) break;
                read += n;
            }
            if (read > SpecLimits.MaxSpecBytes)
                return Refuse(StatusCodes.Status413PayloadTooLarge,
                    $"request: the spec is over {SpecLimits.MaxSpecBytes:N0} bytes; a spec may be at most {SpecLimits.MaxSpecBytes:N0} bytes (1 MiB)");
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            return (text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, null, StatusCodes.Status200OK);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (string?, SweepRejected?, int) Refuse(int status, string message) => (null, new SweepRejected(message, []), status);
}
