namespace Hpo.Engine.Options;

public enum ScalingKind { None, Standardize, Normalize }
