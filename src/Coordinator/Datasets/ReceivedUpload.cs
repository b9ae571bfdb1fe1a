using System.Security.Cryptography;
using Hpo.Engine.Data;
using Hpo.Worker.Datasets;

namespace Hpo.Coordinator.Datasets;

/// <summary>An upload's bytes in a temporary file, with their id; deleting it is the owner's (<see cref="Dispose"/>).</summary>
public sealed class ReceivedUpload : IDisposable
{
    private ReceivedUpload(string file, DatasetId id, long bytes)
    {
        File = file;
        Id = id;
        Bytes = bytes;
    }

    public string File { get; }
    public DatasetId Id { get; }
    public long Bytes { get; }

    /// <summary>
    /// Copies <paramref name="body"/> into a new file of <paramref name="directory"/>, hashing it on the way, and stops
    /// reading one byte past <paramref name="maxBytes"/>: null then (too large), and nothing is left behind.
    /// </summary>
    public static async Task<ReceivedUpload?> ReceiveAsync(Stream body, string directory, long maxBytes, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(body);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"upload-{Guid.NewGuid():N}.part");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[DatasetLimits.ChunkBytes];
        long bytes = 0;
        bool kept = false;
        try
        {
            await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer.Length, useAsync: true))
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                {
                    bytes += read;
                    if (bytes > maxBytes) return null;
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                }
            }
            kept = true;
            return new ReceivedUpload(file, DatasetId.FromHash(hash.GetHashAndReset()), bytes);
        }
        finally
        {
            if (!kept) System.IO.File.Delete(file);
        }
    }

    public void Dispose()
    {
        if (System.IO.File.Exists(File)) System.IO.File.Delete(File);
    }
}
