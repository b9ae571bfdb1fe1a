namespace Hpo.Sweeps.Search;

/// <summary>The integers a domain reaches at its ends, for bounds that must hold for every value a search may take.</summary>
public static class DomainExtent
{
    /// <summary>The largest integer the domain holds; null when it holds none (a real range, or choices without integers).</summary>
    public static long? MaxInteger(SearchDomain domain) => domain switch
    {
        IntDomain range => range.Hi,
        ChoiceDomain choice when choice.Values.Any(v => v.Kind == ParamKind.Int) =>
            choice.Values.Where(v => v.Kind == ParamKind.Int).Max(v => v.AsInt),
        _ => null,
    };

    /// <summary>The smallest integer the domain holds; null when it holds none.</summary>
    public static long? MinInteger(SearchDomain domain) => domain switch
    {
        IntDomain range => range.Lo,
        ChoiceDomain choice when choice.Values.Any(v => v.Kind == ParamKind.Int) =>
            choice.Values.Where(v => v.Kind == ParamKind.Int).Min(v => v.AsInt),
        _ => null,
    };
}
