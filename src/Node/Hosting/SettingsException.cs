using Hpo.Engine;

namespace Hpo.Node.Hosting;

/// <summary>Settings that cannot be used (from a flag, an environment variable or appsettings.json): every problem, each naming its key.</summary>
public sealed class SettingsException : HpoException
{
    /// <summary>The problems, each naming its key, e.g. <c>Hpo:Worker:Slots: 'many' is not a whole number</c>.</summary>
    public SettingsException(IReadOnlyList<string> problems, Exception? inner = null)
        : base("bad settings: " + string.Join("; ", problems), inner)
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }
}
