using Hpo.Engine;

namespace Hpo.Node.CommandLine;

/// <summary>A command used the wrong way (a bad argument or combination of options): one message, exit code 2.</summary>
public sealed class UsageException(string message) : HpoException(message);
