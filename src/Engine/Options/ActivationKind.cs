namespace Hpo.Engine.Options;

public enum ActivationKind { Linear, Sigmoid, Tanh, Relu, LeakyRelu, PRelu, Elu, Selu, Gelu, Softplus }
