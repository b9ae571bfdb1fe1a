namespace Hpo.Sweeps.Specs;

/// <summary>What kind of value a key takes, so a sweep parser can tell which search spaces fit it.</summary>
public enum SpecValueKind
{
    /// <summary>An integer: fits <c>{int: ...}</c>, <c>{logint: ...}</c> and <c>{choice: ...}</c>.</summary>
    Integer,

    /// <summary>A real number: fits <c>{uniform: ...}</c>, <c>{loguniform: ...}</c> and <c>{choice: ...}</c>.</summary>
    Number,
    Boolean,

    /// <summary>One name of a fixed set.</summary>
    Choice,
    Text,

    /// <summary>A list or a mapping: only <c>{choice: ...}</c> over whole values.</summary>
    Structured,
}
