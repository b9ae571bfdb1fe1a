using System.Buffers.Binary;
using System.Text;

namespace Hpo.Worker.Checkpoints;

/// <summary>
/// Checkpoints as files: <c>{root}/{sweep}/{trial}.ckpt</c>, each a short header (magic and epoch) and the
/// engine's checkpoint. A save writes a temporary file beside the target, flushes it to disk and renames it
/// over the target, so a reader sees the old or the new checkpoint, never half of one. The sweep id is escaped
/// (letters, digits, '-' and '_' kept, every other byte as %XX), so no id can leave the root.
/// </summary>
public sealed class DirectoryCheckpointStore : ICheckpointStore
{
    private static readonly byte[] Magic = "HPOCKPT1"u8.ToArray();
    private const int HeaderLength = 12;

    public DirectoryCheckpointStore(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("the checkpoint directory is empty", nameof(root));
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public async Task SaveAsync(CheckpointKey key, int epoch, ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "an epoch is never negative");
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var header = new byte[HeaderLength];
            Magic.CopyTo(header, 0);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length), epoch);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await stream.WriteAsync(header, cancellation).ConfigureAwait(false);
                await stream.WriteAsync(data, cancellation).ConfigureAwait(false);
                await stream.FlushAsync(cancellation).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public async Task<StoredCheckpoint?> LoadAsync(CheckpointKey key, CancellationToken cancellation = default)
    {
        var path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a checkpoint of this store");
        int epoch = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        return new StoredCheckpoint(epoch, bytes[HeaderLength..]);
    }

    public Task DeleteAsync(CheckpointKey key, CancellationToken cancellation = default)
    {
        TryDelete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>The file of a trial's checkpoint.</summary>
    public string PathOf(CheckpointKey key)
    {
        if (string.IsNullOrEmpty(key.SweepId)) throw new ArgumentException("a checkpoint key needs a sweep id", nameof(key));
        return Path.Combine(Root, Escape(key.SweepId), $"{key.TrialId}.ckpt");
    }

    /// <summary>A sweep id as a safe directory name.</summary>
    internal static string Escape(string id)
    {
        var text = new StringBuilder(id.Length);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_')
                text.Append((char)b);
            else
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
