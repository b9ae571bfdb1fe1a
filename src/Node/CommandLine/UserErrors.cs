using Hpo.Engine;
using Microsoft.Extensions.Options;

namespace Hpo.Node.CommandLine;

/// <summary>
/// Turns the failures a user can cause (<see cref="HpoException"/>: a bad spec, bad data, a bad setting, an
/// unreachable database; a missing file) into one clear message on stderr and exit code 2; anything else is a bug
/// and keeps its stack trace.
/// </summary>
public static class UserErrors
{
    /// <summary>The exit code of every failure the user can fix.</summary>
    public const int ExitCode = 2;

    /// <summary>Runs <paramref name="action"/>, turning a user's error into its message and <see cref="ExitCode"/>.</summary>
    public static int Run(Func<int> action, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCode;
        }
    }

    /// <summary>Runs <paramref name="action"/>, turning a user's error into its message and <see cref="ExitCode"/>.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> action, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await stderr.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return ExitCode;
        }
    }

    /// <summary>The message for the user, or null when <paramref name="e"/> is a bug.</summary>
    public static string? Describe(Exception e) => e switch
    {
        HpoException => e.Message,
        OptionsValidationException o => "bad settings: " + string.Join("; ", o.Failures),
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        DirectoryNotFoundException or UnauthorizedAccessException => e.Message,
        OperationCanceledException => "cancelled",
        _ => null,
    };
}
