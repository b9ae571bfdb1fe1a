using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>Each malformed sweep fails with an error naming the right key path and line.</summary>
public class MalformedSweepSpecTests
{
    private const string Digits = "data: {dataset: digits}\n";

    public static TheoryData<string, string, int, string> Corpus => new()
    {
        // sweep, path, line, a fragment of the message
        // wrong types
        { Digits + "model:\n  layers: {int: [1, four]}\n", "model.layers.int[1]", 3, "must be an integer (got four)" },
        { Digits + "training:\n  learning_rate: {loguniform: 0.1}\n", "training.learning_rate.loguniform", 3, "must be [lo, hi] (got 0.1)" },
        { Digits + "model:\n  layers: {int: [1, 2, 3]}\n", "model.layers.int", 3, "must be [lo, hi] (got a list of 3)" },
        { Digits + "model:\n  layers: {int: [1, 2.5]}\n", "model.layers.int[1]", 3, "must be an integer (got 2.5)" },
        { Digits + "model:\n  activation: {choice: relu}\n", "model.activation.choice", 3, "must be a list of values (got relu)" },
        { Digits + "search:\n  max_trials: many\n", "search.max_trials", 3, "must be an integer >= 1 (got many)" },
        // empty choice lists
        { Digits + "model:\n  activation: {choice: []}\n", "model.activation.choice", 3, "is an empty list; give at least one value" },
        // lo > hi
        { Digits + "training:\n  learning_rate: {uniform: [0.1, 0.01]}\n", "training.learning_rate.uniform", 3, "lo (0.1) must be <= hi (0.01)" },
        { Digits + "model:\n  layers: {int: [4, 1]}\n", "model.layers.int", 3, "lo (4) must be <= hi (1)" },
        // log ranges touching zero, or negative
        { Digits + "training:\n  learning_rate: {loguniform: [0, 0.1]}\n", "training.learning_rate.loguniform[0]", 3, "a log range needs lo > 0 (got 0)" },
        { Digits + "training:\n  weight_decay: {loguniform: [-1.0e-3, 1.0e-1]}\n", "training.weight_decay.loguniform[0]", 3, "a log range needs lo > 0 (got -0.001)" },
        { Digits + "model:\n  units: {logint: [0, 256]}\n", "model.units.logint[0]", 3, "a log range needs lo >= 1 (got 0)" },
        // unknown sampler or scheduler, eta < 2, min resource above max
        { Digits + "search:\n  sampler: bayes\n", "search.sampler", 3, "unknown sampler 'bayes'; allowed: grid, random, sobol, tpe" },
        { Digits + "search:\n  scheduler: pbt\n", "search.scheduler", 3, "unknown scheduler 'pbt'; allowed: fifo, sha, asha, hyperband, hyperband_async, median, asha_stop" },
        { Digits + "search:\n  scheduler: asha\n  reduction_factor: 1\n", "search.reduction_factor", 4, "must be >= 2 (got 1)" },
        { Digits + "training:\n  max_epochs: 10\nsearch:\n  min_epochs: 20\n", "search.min_epochs", 5, "must be <= training.max_epochs (10), the maximum resource (got 20)" },
        { Digits + "search:\n  scheduler: asha\n  variant: async\n", "search.variant", 4, "applies to the hyperband scheduler only (the scheduler is asha)" },
        { Digits + "training: {max_epochs: 27}\nsearch: {scheduler: hyperband, reduction_factor: 3, brackets: 5}\n", "search.brackets", 3,
            "must be <= 4 for min_epochs 1, max_epochs 27 and reduction_factor 3 (got 5)" },
        { Digits + "search:\n  sampler: tpe\n  tpe: {gamma: 1.5}\n", "search.tpe.gamma", 4, "must be in (0, 1) (got 1.5)" },
        // bad time budgets
        { Digits + "search:\n  time_budget: 10\n", "search.time_budget", 3, "needs a unit (ms, s, m, h or d), e.g. 10m or 90s (got 10)" },
        { Digits + "search:\n  time_budget: ten minutes\n", "search.time_budget", 3, "must be a duration such as 90s, 10m, 1h or 1h30m (got ten minutes)" },
        { Digits + "search:\n  time_budget: 0s\n", "search.time_budget", 3, "must be longer than zero (got 0s)" },
        // conditions: unknown keys, unsearched keys, values the parent cannot take, cycles
        { Digits + "training:\n  optimizer: {choice: [sgd, momentum]}\n  momentum: {uniform: [0.5, 0.9], when: {training.optimiser: [momentum]}}\n",
            "training.momentum.when", 4, "unknown key training.optimiser (did you mean training.optimizer?)" },
        { Digits + "training:\n  optimizer: momentum\n  momentum: {uniform: [0.5, 0.9], when: {optimizer: [momentum]}}\n",
            "training.momentum.when", 4, "training.optimizer is not searched" },
        { Digits + "training:\n  optimizer: {choice: [sgd, momentum]}\n  momentum:\n    uniform: [0.5, 0.9]\n    when:\n      optimizer: [adam]\n",
            "training.momentum.when.optimizer[0]", 7, "adam is not one of the choices of training.optimizer (sgd, momentum)" },
        { Digits + "training:\n  learning_rate: {loguniform: [1.0e-3, 1.0e-1]}\n  momentum: {uniform: [0.5, 0.9], when: {learning_rate: 0.01}}\n",
            "training.momentum.when.learning_rate", 4, "training.learning_rate is a continuous range" },
        { Digits + "model:\n  activation: {choice: [relu, elu], when: {model.init: [he_normal]}}\n  init: {choice: [he_normal, glorot_uniform], when: {model.activation: [relu]}}\n",
            "model.activation.when", 3, "the conditions form a cycle: model.activation -> model.init -> model.activation" },
        { Digits + "training:\n  momentum: {uniform: [0.5, 0.9], when: momentum}\n", "training.momentum.when", 3, "must map searched keys to the values" },
        // search spaces where a key takes none
        { Digits + "seed: {int: [1, 3]}\n", "seed", 2, "takes a fixed value, not a search space ({int: ...})" },
        { "data:\n  dataset: {choice: [digits, iris]}\n", "data.dataset", 2, "takes a fixed value, not a search space: it chooses the data" },
        { "data:\n  dataset: digits\n  validation: {uniform: [0.1, 0.3]}\n", "data.validation", 3, "takes a fixed value, not a search space: it sets the hold-out" },
        { Digits + "training:\n  max_epochs: {int: [5, 10]}\n", "training.max_epochs", 3, "the schedulers' maximum resource" },
        { Digits + "search:\n  reduction_factor: {choice: [2, 3]}\n", "search.reduction_factor", 3, "takes a fixed value, not a search space ({choice: ...})" },
        // spaces that do not fit their key
        { Digits + "model:\n  activation: {uniform: [0, 1]}\n", "model.activation", 3, "takes one of linear, sigmoid, tanh, relu" },
        { Digits + "model:\n  layers: {uniform: [1, 4]}\n", "model.layers", 3, "takes an integer; use {int: [lo, hi]} or {logint: [lo, hi]}, or a choice" },
        { Digits + "training:\n  learning_rate: {int: [1, 3]}\n", "training.learning_rate", 3, "takes a real number; use {uniform: [lo, hi]} or {loguniform: [lo, hi]}" },
        { Digits + "model:\n  layers: {int: [1, 4], choice: [1, 2]}\n", "model.layers.choice", 3, "give one search space per key (got int and choice)" },
        { Digits + "model:\n  layers: {int: [1, 4], step: 1}\n", "model.layers.step", 3, "unknown key; allowed here: choice, int, uniform, loguniform, logint, when" },
        // values the key's reader refuses, at the item's line
        { Digits + "model:\n  activation:\n    choice:\n      - relu\n      - swishy\n", "model.activation.choice[1]", 6, "unknown activation 'swishy'" },
        { Digits + "model:\n  dropout: {uniform: [0.0, 1.0]}\n", "model.dropout.uniform[1]", 3, "must be in [0, 1) (got 1.0)" },
        { Digits + "training:\n  batch_size: {choice: [16, 0]}\n", "training.batch_size.choice[1]", 3, "must be >= 1 (got 0)" },
        { Digits + "model:\n  units: {choice: [32, 64, 32]}\n", "model.units.choice[2]", 3, "repeats the choice 32" },
        // per-layer widths
        { Digits + "model:\n  units: {per_layer: {choice: [32, 64]}}\n", "model.units", 3, "per_layer needs model.layers" },
        { Digits + "model:\n  dropout: {per_layer: {uniform: [0.0, 0.5]}}\n", "model.dropout.per_layer", 3, "applies to model.units only" },
        { Digits + "model:\n  layers: {int: [1, 40]}\n  units: {per_layer: {choice: [32, 64]}}\n", "model.layers", 3, "per-layer widths support up to 32 layers" },
        { Digits + "model:\n  layers: {int: [1, 3]}\n  units: [64, 32]\n", "model.layers", 3, "is searched, but model.units lists 2 widths" },
        // combinations the checks refuse
        { "data: {dataset: diabetes}\ntraining:\n  loss: {choice: [mse, categorical_crossentropy]}\n", "training.loss.choice[1]", 3,
            "categorical_crossentropy is a classification loss; the task is regression" },
        { Digits + "objective: val_r2\nmodel: {layers: {int: [1, 2]}}\n", "objective", 2, "val_r2 is a regression metric; the task is classification" },
        // the document
        { Digits + "serach:\n  sampler: tpe\n", "serach", 2, "unknown key (did you mean search?)" },
        { Digits + "model:\n  layers: {int: [1, 4]\n  units: 3\n", "", 4, "YAML syntax error" },
        { "{\"data\": {\"dataset\": \"digits\"},\n \"model\": {\"layers\": {\"int\": [1, 4]}}\n", "", 3, "YAML syntax error" },
        { "", "", 1, "the sweep is empty" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Names_the_path_and_line(string sweep, string path, int line, string fragment)
    {
        var e = Assert.Throws<SpecException>(() => SweepSpecParser.Parse(sweep, "bad.yaml"));
        var error = e.First;
        Assert.True(path == error.Path && line == error.Line && error.Message.Contains(fragment),
            $"expected {path} at line {line} with '{fragment}', got:{Environment.NewLine}{e.Message}");
        Assert.StartsWith($"bad.yaml:{line}: {(path.Length > 0 ? path + ": " : "")}", e.Message);
    }
}
