namespace Hpo.Engine.Options;

public enum OptimizerKind { Sgd, Momentum, Nesterov, Adagrad, RmsProp, Adam, AdamW }
