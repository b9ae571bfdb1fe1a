namespace Hpo.Engine.Options;

public enum ScheduleKind { Constant, TimeDecay, Step, Exponential, Cosine, CosineRestarts, ReduceOnPlateau }
