using Hpo.Engine.Simulation;

namespace Hpo.Sweeps.Search.Simulation;

/// <summary>
/// The trials a simulation samples and how each learns: a fresh sampler per simulated sweep (so every
/// scheduler sees the same draws) and the surrogate curve of a trial's configuration.
/// </summary>
public sealed record SimulationPopulation(Func<ISampler> NewSampler, Func<int, TrialConfig, SurrogateCurve> CurveOf);
