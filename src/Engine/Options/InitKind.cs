namespace Hpo.Engine.Options;

public enum InitKind { HeNormal, HeUniform, GlorotNormal, GlorotUniform, LecunNormal, Normal, Uniform }
