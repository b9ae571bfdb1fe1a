using Hpo.Engine.Data;

namespace Hpo.Sweeps.Specs;

/// <summary>The three sections a sampled value goes into, before they are built into a <see cref="TrainSpec"/>.</summary>
internal sealed record SweepDraft(DataOptions Data, ModelDraft Model, TrainingDraft Training);

/// <summary>Validates a sampled value with its key's reader and sets it in the draft (the key table's TryApply).</summary>
internal delegate bool ApplyValue(SweepDraft draft, object? value, out SweepDraft result, out string? error);
