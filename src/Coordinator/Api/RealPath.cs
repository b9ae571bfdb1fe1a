namespace Hpo.Coordinator.Api;

/// <summary>
/// A path as the operating system will open it: every symbolic link in it followed (a linked file or a linked directory
/// anywhere along the way) and <c>..</c> taken after the link it follows, as the kernel does, not by erasing text.
/// What does not exist yet is kept as written. Used to decide whether a file a sweep names lies inside the data directory.
/// </summary>
public static class RealPath
{
    /// <summary>Beyond this many links the path is refused, as the kernel refuses a loop (ELOOP).</summary>
    public const int MaxLinks = 40;

    /// <summary>The real absolute path of <paramref name="path"/> (relative to <paramref name="baseDirectory"/> when not rooted).</summary>
    public static string Of(string path, string baseDirectory)
    {
        int links = 0;
        var start = Path.IsPathRooted(path) ? path : Path.Join(Path.GetFullPath(baseDirectory), path);
        return Walk(Path.GetPathRoot(Path.GetFullPath(start))!, start, ref links);
    }

    /// <summary>Whether <paramref name="path"/>, links followed, lies inside <paramref name="directory"/> (its own links followed).</summary>
    public static bool IsInside(string path, string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(Of(directory, directory)) + Path.DirectorySeparatorChar;
        return Of(path, directory).StartsWith(root, StringComparison.Ordinal);
    }

    private static string Walk(string current, string path, ref int links)
    {
        if (Path.IsPathRooted(path)) current = Path.GetPathRoot(Path.GetFullPath(path))!;
        foreach (var part in path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Join(current, part);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (entry.LinkTarget is { } target)
            {
                if (++links > MaxLinks) throw new IOException($"{next}: too many levels of symbolic links");
                next = Walk(current, target, ref links);
            }
            current = next;
        }
        return current;
    }
}
