namespace Hpo.Sweeps.Control;

/// <summary>What to do about an order that wants one answer: wait, send it (again), or give it up.</summary>
public enum RetryDecision { Wait, Send, GiveUpUnanswered, GiveUpNoNode }
