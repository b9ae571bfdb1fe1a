using Microsoft.Extensions.Configuration;

namespace Hpo.Node.Hosting;

/// <summary>
/// Reads the sections of one configuration, gathering every problem of every section, so a start with several bad
/// settings names them all in one <see cref="SettingsException"/>.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> _problems = [];

    /// <summary>The options of <paramref name="section"/> (defaults where it has problems, which are kept).</summary>
    public T Section<T>(string section, Func<T, IReadOnlyList<string>> validate) where T : class, new()
    {
        try
        {
            return SettingsBinder.Bind(configuration, section, validate);
        }
        catch (SettingsException e)
        {
            _problems.AddRange(e.Problems);
            return new T();
        }
    }

    /// <summary>A problem found across sections (a combination of settings that does not work).</summary>
    public void Problem(string problem) => _problems.Add(problem);

    /// <summary>Throws the problems found so far, if any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw new SettingsException(_problems);
    }
}
