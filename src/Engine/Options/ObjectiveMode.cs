namespace Hpo.Engine.Options;

/// <summary>Whether a metric is better low (a loss) or high (an accuracy): the objective's and the early-stopping monitor's direction.</summary>
public enum ObjectiveMode { Min, Max }
