using System.Security.Cryptography;

namespace Hpo.Engine.Data;

/// <summary>
/// A dataset's content address: the SHA-256 of its bytes, written <c>sha256:</c> and 64 lower-case hex digits. A spec
/// names an uploaded dataset this way in <c>data.csv</c>, so the journaled spec says exactly which bytes it trains on.
/// </summary>
public readonly record struct DatasetId
{
    public const string Prefix = "sha256:";

    private DatasetId(string hex) => Hex = hex;

    /// <summary>The 64 lower-case hex digits.</summary>
    public string Hex { get; }

    /// <summary>The name of its file in a dataset cache directory.</summary>
    public string FileName => Hex + ".csv";

    /// <summary>The id of <paramref name="sha256"/>, a 32-byte hash.</summary>
    public static DatasetId FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException($"a SHA-256 hash is {SHA256.HashSizeInBytes} bytes, not {sha256.Length}", nameof(sha256));
        return new DatasetId(Convert.ToHexStringLower(sha256));
    }

    /// <summary>The id of <paramref name="bytes"/>.</summary>
    public static DatasetId Of(ReadOnlySpan<byte> bytes) => FromHash(SHA256.HashData(bytes));

    /// <summary>The id of a file's bytes (read once, streamed).</summary>
    public static async Task<DatasetId> OfFileAsync(string path, CancellationToken cancellation = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return FromHash(await SHA256.HashDataAsync(file, cancellation).ConfigureAwait(false));
    }

    /// <summary>Whether <paramref name="text"/> is meant as a dataset id (starts with <c>sha256:</c>, any case), well formed or not.</summary>
    public static bool LooksLikeId(string? text) => text is not null && text.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>sha256:</c> and 64 hex digits (either case); false for anything else.</summary>
    public static bool TryParse(string? text, out DatasetId id)
    {
        id = default;
        var trimmed = text?.Trim();
        if (trimmed is null || !trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = trimmed[Prefix.Length..];
        if (hex.Length != 2 * SHA256.HashSizeInBytes || !hex.All(char.IsAsciiHexDigit)) return false;
        id = new DatasetId(hex.ToLowerInvariant());
        return true;
    }

    /// <summary>The id of <paramref name="text"/>; throws <see cref="FormatException"/> with what a well-formed one looks like.</summary>
    public static DatasetId Parse(string? text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a dataset id: {Syntax}");

    /// <summary>What a dataset id looks like, for messages.</summary>
    public const string Syntax = "sha256: followed by the 64 hex digits of the file's SHA-256";

    public override string ToString() => Hex is null ? "" : Prefix + Hex;
}
