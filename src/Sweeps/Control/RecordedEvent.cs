namespace Hpo.Sweeps.Control;

/// <summary>One journal event of a sweep and when it was written (null when not known).</summary>
public readonly record struct RecordedEvent(object Event, DateTimeOffset? At);
