namespace Hpo.Sweeps.Specs;

public enum SpecNodeKind { Scalar, Sequence, Mapping }
