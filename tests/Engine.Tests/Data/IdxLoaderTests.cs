using System.Buffers.Binary;
using System.IO.Compression;
using Hpo.Engine.Data;

namespace Hpo.Engine.Tests.Data;

public class IdxLoaderTests
{
    private static byte[] Idx(byte type, int[] shape, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)shape.Length };
        var dim = new byte[4];
        foreach (var d in shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            bytes.AddRange(dim);
        }
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public void Reads_unsigned_byte_images_plain_and_gzipped()
    {
        var raw = Idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
        foreach (var bytes in new[] { raw, Gzip(raw) })
        {
            var a = IdxLoader.Read(new MemoryStream(bytes), "x.idx");
            Assert.Equal([2, 2, 3], a.Shape);
            Assert.Equal(2, a.Count);
            Assert.Equal(6, a.ItemSize);
            Assert.Equal([0f, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255], a.Values);
        }
    }

    [Fact]
    public void Reads_big_endian_int32_and_float32()
    {
        var ints = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(ints, -7);
        BinaryPrimitives.WriteInt32BigEndian(ints.AsSpan(4), 70000);
        Assert.Equal([-7f, 70000f], IdxLoader.Read(new MemoryStream(Idx(0x0C, [2], ints)), "i").Values);
        var floats = new byte[4];
        BinaryPrimitives.WriteSingleBigEndian(floats, 1.5f);
        Assert.Equal([1.5f], IdxLoader.Read(new MemoryStream(Idx(0x0D, [1], floats)), "f").Values);
    }

    [Fact]
    public void Truncated_or_foreign_files_throw_DataException_naming_the_file()
    {
        var truncated = Idx(0x08, [10], [1, 2, 3]);
        var e = Assert.Throws<DataException>(() => IdxLoader.Read(new MemoryStream(truncated), "labels.idx"));
        Assert.Contains("labels.idx", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Throws<DataException>(() => IdxLoader.Read(new MemoryStream("hello"u8.ToArray()), "t.txt"));
        Assert.Throws<DataException>(() => IdxLoader.Read(new MemoryStream(Idx(0x42, [1], [0])), "t"));
    }

    [Fact]
    public void Missing_fashion_mnist_directory_says_what_to_install()
    {
        var e = Assert.Throws<DataException>(() => FashionMnist.LoadTrain("/nonexistent/fashion"));
        Assert.Contains("install Debian's dataset-fashion-mnist", e.Message);
    }
}
