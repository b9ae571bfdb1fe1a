namespace Hpo.Coordinator.Tests.Cli;

/// <summary>A sweep that trains in seconds (three iris trials of three epochs), for tests about everything but training.</summary>
internal static class SmallSweep
{
    public static string Named(string name) => $$$"""
        name: {{{name}}}
        seed: 2
        data: {dataset: iris, validation: 0.2}
        objective: val_accuracy
        model: {layers: 1, units: {choice: [8, 16]}}
        training: {learning_rate: {loguniform: [1.0e-3, 1.0e-1]}, max_epochs: 3}
        search: {sampler: random, scheduler: fifo, max_trials: 3}
        """;
}
