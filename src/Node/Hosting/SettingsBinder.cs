using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Hpo.Node.Hosting;

/// <summary>
/// Binds a configuration section to its options class and validates it, turning every value that does not convert
/// and every rule the class breaks into one <see cref="SettingsException"/> naming the keys.
/// </summary>
public static class SettingsBinder
{
    /// <summary>The options of <paramref name="section"/>, checked by <paramref name="validate"/>.</summary>
    public static T Bind<T>(IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate) where T : class, new()
    {
        var values = configuration.GetSection(section);
        var problems = new List<string>();
        foreach (var property in typeof(T).GetProperties())
        {
            if (!property.CanWrite || values[property.Name] is not { } raw) continue;
            if (Problem(property.PropertyType, raw) is { } problem) problems.Add($"{section}:{property.Name}: '{raw}' {problem}");
        }
        if (problems.Count > 0) throw new SettingsException(problems);
        T options;
        try
        {
            options = values.Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException([e.Message], e);
        }
        problems.AddRange(validate(options));
        return problems.Count > 0 ? throw new SettingsException(problems) : options;
    }

    private static string? Problem(Type type, string raw)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var text = raw.Trim();
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "is not a whole number";
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : "is not a number";
        if (type == typeof(bool)) return bool.TryParse(text, out _) ? null : "is not true or false";
        if (type == typeof(TimeSpan))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _) ? null : "is not a duration like 00:00:30";
        if (type.IsEnum)
        {
            bool named = text.Length > 0 && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse(type, text, ignoreCase: true, out _);
            return named ? null : $"is not one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}";
        }
        return null;
    }
}
