using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Hpo.Coordinator.Tests.Cli;

/// <summary>
/// A data directory that is missing, a journal with garbage in it, a journal on a read-only file system: one line and
/// exit 2, or (read-only) the sweeps read as usual with nothing written.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournalFaultTests
{
    private static readonly string Sweep = SmallSweep.Named("small");

    /// <summary>A real journal: a short simulated sweep run to its end in <paramref name="data"/>.</summary>
    private static async Task<string> RecordAsync(TempDir dir, string data)
    {
        var spec = dir.Write("small.yaml", Sweep);
        var run = await CliRun.Of("run", spec, "--data-dir", data, "--simulate", "--slots", "2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        // What the run's process exit does: its connections close, and the last one merges the WAL into the file.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return spec;
    }

    [Theory]
    [InlineData("status")]
    [InlineData("trials", "small")]
    [InlineData("report", "small")]
    public async Task A_missing_data_directory_is_one_line_and_exit_2(params string[] command)
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "nowhere");
        var run = await CliRun.Of([.. command, "--data-dir", missing]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: no data directory {missing}", run.Stderr.Trim());
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_journal_with_garbage_pages_is_one_line_naming_the_file_for_readers_and_for_run_resume()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var spec = await RecordAsync(dir, data);
        var journal = Path.Combine(data, "journal.db");
        Assert.False(File.Exists(journal + "-wal") && new FileInfo(journal + "-wal").Length > 0, "the run left its WAL unmerged");
        long length = new FileInfo(journal).Length;
        using (var file = new FileStream(journal, FileMode.Open, FileAccess.Write))
        {
            file.Position = length / 2 / 4096 * 4096; // a whole page in the middle of the file
            file.Write(Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 + 7)).ToArray());
        }
        var expected = $"error: journal {journal} is not a readable SQLite database: ";

        foreach (var command in new[] { new[] { "status" }, ["status", "--json"], ["trials", "small"], ["report", "small", "-o", Path.Combine(dir.Path, "r")] })
        {
            var read = await CliRun.Of([.. command, "--data-dir", data]);
            Assert.Equal(2, read.ExitCode);
            Assert.Single(read.Stderr.Trim().Split('\n'));
            Assert.StartsWith(expected, read.Stderr);
        }
        var resume = await CliRun.Of("run", spec, "--data-dir", data, "--simulate", "--resume");
        Assert.Equal(2, resume.ExitCode);
        Assert.Single(resume.Stderr.Trim().Split('\n'));
        Assert.StartsWith(expected, resume.Stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_says_so()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var journal = Path.Combine(data, "journal.db");
        await File.WriteAllTextAsync(journal, string.Concat(Enumerable.Repeat("not a database at all\n", 400)));

        var status = await CliRun.Of("status", "--data-dir", data);
        var run = await CliRun.Of("run", dir.Write("small.yaml", Sweep), "--data-dir", data, "--simulate");

        Assert.Equal((2, $"error: journal {journal} is not a readable SQLite database: file is not a database"), (status.ExitCode, status.Stderr.Trim()));
        Assert.Equal((2, $"error: journal {journal} is not a readable SQLite database: file is not a database"), (run.ExitCode, run.Stderr.Trim()));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Status_trials_and_report_read_a_journal_on_a_read_only_file_system_and_write_nothing()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        await RecordAsync(dir, data);
        var view = Path.Combine(dir.Path, "ro");
        Directory.CreateDirectory(view);
        using var readOnly = ReadOnlyView.Of(data, view);
        Assert.SkipWhen(readOnly is null, "neither a read-only bind mount nor file modes can make a read-only directory for this user");
        var before = Snapshot(data);

        var status = await CliRun.Of("status", "--json", "--data-dir", view);
        var trials = await CliRun.Of("trials", "small", "--csv", "--data-dir", view);
        var report = await CliRun.Of("report", "small", "-o", Path.Combine(dir.Path, "report"), "--data-dir", view);

        Assert.True(status.ExitCode == 0, status.Stderr);
        var sweep = JsonNode.Parse(status.Stdout)!.AsArray().Single()!;
        Assert.Equal("small", (string?)sweep["id"]);
        Assert.True(trials.ExitCode == 0, trials.Stderr);
        Assert.Equal(4, trials.Stdout.Trim().Split('\n').Length); // a header and three trials
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal(before, Snapshot(data));
    }

    private static string Snapshot(string directory) => string.Join("\n", Directory.GetFiles(directory)
        .Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}"));

    /// <summary>
    /// A directory seen read-only at another path: a read-only bind mount for root (root ignores file modes), else
    /// a link to the directory, made read-only with its files by their modes. Null when neither can be made.
    /// </summary>
    private sealed class ReadOnlyView(Action undo) : IDisposable
    {
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        public static ReadOnlyView? Of(string source, string view)
        {
            if (IsRoot())
            {
                if (Exec("mount", "--bind", "-o", "ro", source, view) != 0) return null;
                if (Writable(view))
                {
                    Exec("umount", view);
                    return null;
                }
                return new ReadOnlyView(() =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the readers' pooled connections keep the mount busy
                    Exec("umount", view);
                });
            }
            Directory.Delete(view);
            Directory.CreateSymbolicLink(view, source);
            var files = Directory.GetFiles(source);
            foreach (var f in files) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.GroupRead);
            File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            return new ReadOnlyView(() =>
            {
                File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                foreach (var f in files) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            });
        }

        private static bool IsRoot() => Exec("sh", "-c", "test \"$(id -u)\" = 0") == 0;

        private static bool Writable(string directory)
        {
            try
            {
                File.WriteAllText(Path.Combine(directory, ".probe"), "");
                File.Delete(Path.Combine(directory, ".probe"));
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static int Exec(string file, params string[] args)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                process.WaitForExit();
                return process.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return -1;
            }
        }

        public void Dispose() => undo();
    }
}
