namespace Hpo.Engine.Options;

public enum BatchNormPlacement { None, Before, After }
