using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hpo.Coordinator.Tests.Integration;

/// <summary>A real `hpo` process of the build, its output collected; killed with SIGKILL on request and on dispose.</summary>
internal sealed class ClusterProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ClusterProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ClusterProcess Start(string assembly, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartUnder([], assembly, environment, args);

    /// <summary>Starts <c>dotnet ASSEMBLY ARGS</c> as the last arguments of <paramref name="launcher"/> (e.g. unshare), which must exec it.</summary>
    public static ClusterProcess StartUnder(IReadOnlyList<string> launcher, string assembly, IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (launcher.Count > 0)
        {
            foreach (var a in launcher.Skip(1)) start.ArgumentList.Add(a);
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(Path.IsPathRooted(assembly) ? assembly : Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return new ClusterProcess(Process.Start(start)!);
    }

    public IReadOnlyCollection<string> Lines => _lines;
    public string Errors => string.Join('\n', _errors);
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public async Task<string> WaitForLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            bool exited = _process.HasExited;
            // Once the process has exited, WaitForExit() returns when its redirected output is read to the end.
            if (exited) _process.WaitForExit();
            var line = _lines.FirstOrDefault(predicate);
            if (line is not null) return line;
            if (exited) break;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no such line; exited {_process.HasExited}{(_process.HasExited ? $" with {_process.ExitCode}" : "")}; " +
            $"output:\n{string.Join('\n', _lines)}\nerrors:\n{Errors}");
    }

    /// <summary>Waits until <paramref name="count"/> lines of the output match.</summary>
    public async Task WaitForLines(Func<string, bool> predicate, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (_lines.Count(predicate) < count)
        {
            if (clock.Elapsed >= timeout || _process.HasExited)
                throw new TimeoutException($"{_lines.Count(predicate)} of {count} such lines; exited {_process.HasExited}; output:\n{string.Join('\n', _lines)}\nerrors:\n{Errors}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to leave the cluster or flush anything.</summary>
    public void Kill9()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod: the process may finish what it does and leave in order.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && Kill(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public Task WaitForExitAsync(CancellationToken cancellation) => _process.WaitForExitAsync(cancellation);

    public void Dispose()
    {
        try { Kill9(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
