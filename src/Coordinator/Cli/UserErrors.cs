using Hpo.Coordinator.Specs;
using Hpo.Engine.Data;
using Hpo.Engine.Persistence;

namespace Hpo.Coordinator.Cli;

/// <summary>
/// Turns the failures a user can cause (a bad spec, bad data, a missing file) into one clear message on
/// stderr and exit code 2; anything else is a bug and keeps its stack trace.
/// </summary>
public static class UserErrors
{
    public const int ExitCode = 2;

    public static int Run(Func<int> action, TextWriter stderr)
    {
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

    public static async Task<int> RunAsync(Func<Task<int>> action, TextWriter stderr)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCode;
        }
    }

    public static string? Describe(Exception e) => e switch
    {
        Persistence.JournalUnavailableException => e.Message,
        Microsoft.Extensions.Options.OptionsValidationException o => string.Join("; ", o.Failures),
        SpecException or DataException or ModelFileException or UsageException => e.Message,
        FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
        DirectoryNotFoundException or UnauthorizedAccessException => e.Message,
        ArgumentException a when a.Source == "Hpo.Engine" => a.Message,
        OperationCanceledException => "cancelled",
        _ => null,
    };
}
