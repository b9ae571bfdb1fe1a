namespace Hpo.Coordinator.Tests.Deploy;

/// <summary>
/// A hosts file of the test's own, seen as /etc/hosts by the processes started under <see cref="Launcher"/> (a private
/// mount namespace: nothing outside them changes). It stands in for cluster DNS: <see cref="Point"/> moves a name to
/// another address, as a pod that comes back with a new IP moves its Service record. Needs root (CI runs as root).
/// </summary>
internal sealed class PrivateHosts
{
    private readonly string _path;
    private readonly Dictionary<string, string> _names = [];

    public PrivateHosts(string directory)
    {
        _path = Path.Combine(directory, "hosts");
        Write();
    }

    /// <summary>The command that runs its arguments with this file as /etc/hosts.</summary>
    public IReadOnlyList<string> Launcher => ["unshare", "--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", _path];

    /// <summary>Makes <paramref name="name"/> resolve to <paramref name="address"/> from now on.</summary>
    public void Point(string name, string address)
    {
        _names[name] = address;
        Write();
    }

    // Rewritten in place: the bind mount holds the file itself, not its name.
    private void Write() => File.WriteAllText(_path,
        "127.0.0.1 localhost\n::1 localhost\n" + string.Concat(_names.Select(n => $"{n.Value} {n.Key}\n")));
}
