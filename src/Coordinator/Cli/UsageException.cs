namespace Hpo.Coordinator.Cli;

/// <summary>A command used the wrong way (a bad option value): one message, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
