namespace Hpo.Sweeps.Specs;

/// <summary>Key paths as errors show them: <c>training.schedule.drop_every</c>, <c>model.units[1]</c>.</summary>
public static class SpecPath
{
    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }
}
