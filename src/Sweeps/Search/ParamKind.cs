namespace Hpo.Sweeps.Search;

public enum ParamKind { Null, Bool, Int, Float, Text }
