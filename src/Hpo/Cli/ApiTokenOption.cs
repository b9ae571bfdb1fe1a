using System.CommandLine;
using Hpo.Coordinator.Hosting;

namespace Hpo.Cli;

/// <summary><c>--token</c> of a command that calls the API; without it, the coordinator's own variable <c>HPO__COORDINATOR__APITOKEN</c>.</summary>
public sealed class ApiTokenOption
{
    /// <summary>The flag, to add to a command.</summary>
    public Option<string> Option { get; } = new("--token")
    {
        Description = $"the API's bearer token (default: the variable {CoordinatorOptions.ApiTokenVariable})",
    };

    /// <summary>The token of <paramref name="result"/>: the flag, else the variable, else null.</summary>
    public string? Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var token = result.GetValue(Option) ?? Environment.GetEnvironmentVariable(CoordinatorOptions.ApiTokenVariable);
        return string.IsNullOrWhiteSpace(token) ? null : token;
    }
}
