using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hpo.Engine.Persistence;

/// <summary>
/// The byte layout of model and checkpoint files:
/// "HPOMODEL" | format version (u32 LE) | header length (u32 LE) | header (UTF-8 JSON) | blocks | checksum | "HPO-END!".
/// Blocks are little-endian arrays in the order the header lists them. The checksum (since version 2) is the SHA-256 of
/// every byte before it, so a file changed or damaged anywhere is refused instead of predicting garbage; version 1 files
/// (no checksum) are still read.
/// </summary>
public static class ModelFileFormat
{
    public const int CurrentVersion = 2;
    private const int FirstVersionWithChecksum = 2;
    private static readonly byte[] Magic = "HPOMODEL"u8.ToArray();
    private static readonly byte[] EndMagic = "HPO-END!"u8.ToArray();
    private const int MaxHeaderBytes = 64 << 20;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static void Write(Stream stream, ModelHeader header, IReadOnlyList<Array> blocks)
    {
        if (blocks.Count != header.Blocks.Count) throw new ArgumentException("one block per header entry");
        var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        using var checksum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            checksum.AppendData(bytes);
            stream.Write(bytes);
        }
        Span<byte> u32 = stackalloc byte[4];
        Put(Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, CurrentVersion);
        Put(u32);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)json.Length);
        Put(u32);
        Put(json);
        for (int i = 0; i < blocks.Count; i++)
        {
            var info = header.Blocks[i];
            var bytes = blocks[i] switch
            {
                float[] f when info.Type == BlockType.Float32 && f.Length == info.Length => MemoryMarshal.AsBytes(f.AsSpan()),
                int[] n when info.Type == BlockType.Int32 && n.Length == info.Length => MemoryMarshal.AsBytes(n.AsSpan()),
                ulong[] u when info.Type == BlockType.UInt64 && u.Length == info.Length => MemoryMarshal.AsBytes(u.AsSpan()),
                _ => throw new ArgumentException($"block {info.Name} does not match its header entry"),
            };
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("model files are little-endian");
            Put(bytes);
        }
        stream.Write(checksum.GetHashAndReset());
        stream.Write(EndMagic);
    }

    public static (ModelHeader Header, Dictionary<string, Array> Blocks) Read(Stream stream, string source)
    {
        using var checksum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] Take(int count, string what, bool tooShortIsNoModel = false)
        {
            var bytes = ReadExactly(stream, count, source, what, tooShortIsNoModel);
            checksum.AppendData(bytes);
            return bytes;
        }
        var magic = Take(Magic.Length, "its magic number", tooShortIsNoModel: true);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new ModelFileException($"{source}: not an hpo model file (wrong magic number)");
        int version = (int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "its format version"));
        if (version > CurrentVersion)
            throw new ModelFileException($"{source}: written in model format version {version}, but this hpo reads versions up to {CurrentVersion}; upgrade hpo");
        if (version < 1) throw new ModelFileException($"{source}: invalid model format version {version}");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "its header length"));
        if (headerLength > MaxHeaderBytes) throw new ModelFileException($"{source}: corrupt header length {headerLength}");
        var headerBytes = Take((int)headerLength, "its header");
        ModelHeader header;
        try
        {
            header = JsonSerializer.Deserialize<ModelHeader>(headerBytes, Json)
                ?? throw new ModelFileException($"{source}: empty header");
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"{source}: corrupt header ({e.Message})", e);
        }
        var blocks = new Dictionary<string, Array>(StringComparer.Ordinal);
        foreach (var info in header.Blocks)
        {
            if (info.Length < 0) throw new ModelFileException($"{source}: corrupt block {info.Name}");
            Array data = info.Type switch
            {
                BlockType.Float32 => new float[info.Length],
                BlockType.Int32 => new int[info.Length],
                _ => new ulong[info.Length],
            };
            var target = data switch
            {
                float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
                int[] n => MemoryMarshal.AsBytes(n.AsSpan()),
                ulong[] u => MemoryMarshal.AsBytes(u.AsSpan()),
                _ => throw new InvalidOperationException(),
            };
            if (stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false) < target.Length)
                throw new ModelFileException($"{source}: truncated (block {info.Name} is incomplete)");
            checksum.AppendData(target);
            blocks[info.Name] = data;
        }
        if (version >= FirstVersionWithChecksum)
        {
            var stored = ReadExactly(stream, SHA256.HashSizeInBytes, source, "its checksum");
            if (!CryptographicOperations.FixedTimeEquals(stored, checksum.GetHashAndReset()))
                throw new ModelFileException($"{source}: corrupt (its checksum does not match its contents: the file was changed or damaged)");
        }
        var end = new byte[EndMagic.Length];
        if (stream.ReadAtLeast(end, end.Length, throwOnEndOfStream: false) < end.Length || !end.AsSpan().SequenceEqual(EndMagic))
            throw new ModelFileException($"{source}: truncated or corrupt (no end marker after the blocks)");
        return (header, blocks);
    }

    /// <param name="tooShortIsNoModel">A file too short for this is no model at all (its magic number), not a truncated one.</param>
    private static byte[] ReadExactly(Stream stream, int count, string source, string what, bool tooShortIsNoModel = false)
    {
        var buffer = new byte[count];
        if (stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false) < count)
            throw new ModelFileException(tooShortIsNoModel
                ? $"{source}: not an hpo model file (too short)"
                : $"{source}: truncated (ends inside {what})");
        return buffer;
    }

}
