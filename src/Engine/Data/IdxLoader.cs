using System.Buffers.Binary;
using System.IO.Compression;

namespace Hpo.Engine.Data;

/// <summary>
/// Reads the IDX format (the MNIST family): two zero bytes, a type code (0x08 ubyte, 0x09 sbyte,
/// 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, the dimensions as
/// big-endian int32, then big-endian data. Gzip-compressed files are detected by their magic bytes.
/// </summary>
public static class IdxLoader
{
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"{path}: IDX file not found");
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads from a stream (gzip'd or not); <paramref name="sourceName"/> names it in errors.</summary>
    public static IdxArray Read(Stream stream, string sourceName)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> magic = stackalloc byte[4];
        int got = buffered.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        bool gzip = got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (gzip)
        {
            // Restart from the beginning through a decompressor.
            var prefix = magic[..got].ToArray();
            using var gz = new GZipStream(new PrefixedStream(prefix, buffered), CompressionMode.Decompress);
            using var inner = new BufferedStream(gz, 1 << 16);
            return ReadRaw(inner, sourceName);
        }
        return ReadRaw(new PrefixedStream(magic[..got].ToArray(), buffered), sourceName);
    }

    private static IdxArray ReadRaw(Stream s, string source)
    {
        Span<byte> head = stackalloc byte[4];
        if (s.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
            throw new DataException($"{source}: not an IDX file (shorter than its 4-byte header)");
        if (head[0] != 0 || head[1] != 0)
            throw new DataException($"{source}: not an IDX file (magic starts {head[0]:x2} {head[1]:x2}, expected 00 00)");
        int type = head[2], dims = head[3];
        int elementSize = type switch
        {
            0x08 or 0x09 => 1,
            0x0B => 2,
            0x0C or 0x0D => 4,
            0x0E => 8,
            _ => throw new DataException($"{source}: unknown IDX element type 0x{type:x2}"),
        };
        if (dims == 0) throw new DataException($"{source}: IDX file with 0 dimensions");

        var shape = new int[dims];
        Span<byte> dim = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < dims; d++)
        {
            if (s.ReadAtLeast(dim, 4, throwOnEndOfStream: false) < 4)
                throw new DataException($"{source}: truncated IDX header (dimension {d + 1} of {dims} missing)");
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (shape[d] < 0) throw new DataException($"{source}: negative IDX dimension {shape[d]}");
            count *= shape[d];
            if (count > Array.MaxLength) throw new DataException($"{source}: IDX array too large ({string.Join("x", shape[..(d + 1)])})");
        }

        long bytes = count * elementSize;
        if (bytes > Array.MaxLength) throw new DataException($"{source}: IDX array too large ({bytes} bytes)");
        var raw = new byte[bytes];
        int read = s.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        if (read < raw.Length)
            throw new DataException($"{source}: truncated IDX data: expected {raw.Length} bytes for shape {string.Join("x", shape)}, found {read}");

        var values = new float[count];
        if (type == 0x08)
        {
            for (int i = 0; i < raw.Length; i++) values[i] = raw[i];
            return new IdxArray(shape, values);
        }
        for (long i = 0; i < count; i++)
        {
            var e = raw.AsSpan((int)(i * elementSize), elementSize);
            values[i] = type switch
            {
                0x08 => e[0],
                0x09 => (sbyte)e[0],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(e),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(e),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(e),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(e),
            };
        }
        return new IdxArray(shape, values);
    }

    /// <summary>A read-only stream that yields some already-consumed bytes, then the rest of another stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _pos;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pos < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _pos);
                prefix.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
