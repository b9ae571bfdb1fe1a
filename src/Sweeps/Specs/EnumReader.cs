using System.Diagnostics.CodeAnalysis;

namespace Hpo.Sweeps.Specs;

/// <summary>One name of a fixed set (matched ignoring case), mapped to a value; aliases are accepted but not listed.</summary>
public sealed class EnumReader<T> : SpecValueReader<T> where T : notnull
{
    private readonly (string Name, T Value)[] _names;
    private readonly (string Name, T Value)[] _aliases;

    public EnumReader(string what, IEnumerable<(string Name, T Value)> names, IEnumerable<(string Name, T Value)>? aliases = null)
    {
        What = what;
        _names = names.ToArray();
        _aliases = aliases?.ToArray() ?? [];
    }

    /// <summary>What the names are, for messages: "activation", "optimizer".</summary>
    public string What { get; }

    public IReadOnlyList<string> Names => _names.Select(n => n.Name).ToList();
    public override SpecValueKind Kind => SpecValueKind.Choice;
    public override string Expected => $"one of {string.Join(", ", Names)}";

    /// <summary>The listed name of a value.</summary>
    public string NameOf(T value) =>
        _names.FirstOrDefault(n => EqualityComparer<T>.Default.Equals(n.Value, value)).Name ?? value.ToString() ?? "";

    public bool TryLookup(string name, [MaybeNullWhen(false)] out T value)
    {
        foreach (var (n, v) in _names.Concat(_aliases))
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        value = default;
        return false;
    }

    public override bool TryRead(SpecNode node, string path, SpecContext context, [MaybeNullWhen(false)] out T value)
    {
        if (node is not SpecScalar { IsNull: false } s) return FailType(node, path, context, out value);
        if (TryLookup(s.Value, out value)) return true;
        return Fail(node, path, context,
            $"unknown {What} '{s.Value}'{SpecSuggest.Hint(s.Value, Names)}; allowed: {string.Join(", ", Names)}", out value);
    }

    public override bool TryAccept(object? value, [MaybeNullWhen(false)] out T result, [NotNullWhen(false)] out string? error)
    {
        if (value is string name && TryLookup(name, out result))
        {
            error = null;
            return true;
        }
        return base.TryAccept(value, out result, out error);
    }
}
