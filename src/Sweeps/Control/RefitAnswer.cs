using Hpo.Engine.Training;

namespace Hpo.Sweeps.Control;

/// <summary>A worker refit a trial's configuration for <see cref="Epochs"/> epochs on <see cref="TrainSamples"/> samples and tested it, or says why not.</summary>
public sealed record RefitAnswer(int TrialId, int Epochs, int TrainSamples, Evaluation? Test, string? Error);
