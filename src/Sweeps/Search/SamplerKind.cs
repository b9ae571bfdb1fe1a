namespace Hpo.Sweeps.Search;

public enum SamplerKind { Grid, Random, Sobol, Tpe }
