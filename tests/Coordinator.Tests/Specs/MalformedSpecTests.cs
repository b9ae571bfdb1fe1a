using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>Each malformed spec must fail with an error naming the right key path and line.</summary>
public class MalformedSpecTests
{
    public static TheoryData<string, string, int, string> Corpus => new()
    {
        // spec, path, line, a fragment of the message
        { "data: {dataset: digits}\nmodle: {layers: 2}\n", "modle", 2, "unknown key (did you mean model?); allowed here: name, seed, data" },
        { "data:\n  dataset: digits\ntraining:\n  schedule:\n    kind: step\n    drop_evry: 5\n",
            "training.schedule.drop_evry", 6, "did you mean drop_every?" },
        { "data: {dataset: digits}\ntraining:\n  learning_rate: fast\n", "training.learning_rate", 3, "must be a number > 0 (got fast)" },
        { "data: {dataset: digits}\ntraining:\n  learning_rate: '0.1'\n", "training.learning_rate", 3, "must be a number > 0 (got \"0.1\", a string)" },
        { "data: {dataset: digits}\ntraining:\n  optimizer: adam\n  learning_rate: -0.1\n", "training.learning_rate", 4, "must be > 0 (got -0.1)" },
        { "data: {dataset: digits}\ntraining:\n  momentum: 1.0\n", "training.momentum", 3, "must be in [0, 1) (got 1.0)" },
        { "data: {dataset: digits}\nmodel:\n  layers: 2\n  dropout: 1.5\n", "model.dropout", 4, "must be in [0, 1) (got 1.5)" },
        { "data: {dataset: digits}\nmodel:\n  activation: rleu\n", "model.activation", 3,
            "unknown activation 'rleu' (did you mean relu?); allowed: linear, sigmoid, tanh, relu, leaky_relu, prelu, elu, selu, gelu, softplus" },
        { "data: {dataset: digits}\nmodel:\n  units: 0\n", "model.units", 3, "must be in [1, 16384] (got 0)" },
        { "data: {dataset: digits}\nmodel:\n  units: [128,\n    0]\n", "model.units[1]", 4, "must be in [1, 16384] (got 0)" },
        { "data: {dataset: digits}\nmodel:\n  layers: -1\n", "model.layers", 3, "must be in [0, 64] (got -1)" },
        { "data: {dataset: digits}\nmodel:\n  layers: 2.5\n", "model.layers", 3, "must be an integer in [0, 64] (got 2.5)" },
        { "data:\n  dataset: digits\n  validation: 1.2\n", "data.validation", 3, "must be in [0, 1) (got 1.2)" },
        { "data:\n  dataset: digits\n  validation: 0.6\n  test: 0.5\n", "data.test", 4, "validation + test must be < 1 (got 0.6 + 0.5)" },
        { "data:\n  dataset: digits\n  csv: x.csv\n", "data.csv", 3, "give either dataset or csv, not both" },
        { "name: x\ndata:\n  validation: 0.2\n", "data", 2, "needs a dataset (digits, iris, diabetes, fashion-mnist, blobs" },
        { "name: x\n", "data", 1, "missing: give data with a dataset" },
        { "data:\n  dataset: mnist\n", "data.dataset", 2, "unknown dataset 'mnist'" },
        { "data: {dataset: digits}\ntraining:\n  learning_rate: {loguniform: [1.0e-4, 1.0e-1]}\n", "training.learning_rate", 3,
            "hpo train takes fixed values; training.learning_rate is a search space ({loguniform: ...})" },
        { "data: {dataset: digits}\nmodel:\n  units: {choice: [32, 64]}\n", "model.units", 3, "is a search space ({choice: ...})" },
        { "data: {dataset: digits}\nsearch:\n  sampler: random\n", "search", 2, "belongs to a sweep (hpo run)" },
        { "data: {dataset: digits}\ntraining:\n  batch_size: 0\n", "training.batch_size", 3, "must be >= 1 (got 0)" },
        { "data: {dataset: digits}\ntraining:\n  batch_size: half\n", "training.batch_size", 3, "must be an integer >= 1 or full (got half)" },
        { "data: {dataset: digits}\nmodel:\n  layers: 3\n  units: [128, 64]\n", "model.layers", 3, "is 3 but model.units lists 2 widths" },
        { "data: {dataset: digits}\nmodel:\n  units: 32\n  hidden: [32]\n", "model.hidden", 4, "give units or hidden, not both" },
        { "data: {dataset: digits}\ntask: regression\n", "task", 2, "is regression but dataset digits is a classification dataset" },
        { "data: {dataset: digits}\ntask: clustering\n", "task", 2, "unknown task 'clustering'; allowed: classification, regression" },
        { "data: {dataset: diabetes}\ntraining:\n  loss: categorical_crossentropy\n", "training.loss", 3,
            "categorical_crossentropy is a classification loss; the task is regression" },
        { "data: {dataset: digits}\ntraining:\n  target_scaling: standardize\n", "training.target_scaling", 3, "applies to regression only" },
        { "data: {dataset: diabetes}\ntraining:\n  class_weights: balanced\n", "training.class_weights", 3, "applies to classification only" },
        { "data: {dataset: iris}\ntraining:\n  class_weights: [1, 2]\n", "training.class_weights", 3, "lists 2 weights but iris has 3 classes" },
        { "data: {dataset: digits}\nmodel: 3\n", "model", 2, "must be a mapping of model keys (got 3)" },
        { "data: {dataset: digits}\ntraining:\n  clip_norm: 0\n", "training.clip_norm", 3, "must be > 0 (got 0)" },
        { "data: {dataset: digits}\ntraining:\n  shuffle: yes\n", "training.shuffle", 3, "must be true or false (got yes)" },
        { "data: {dataset: digits}\ntraining:\n  early_stopping:\n    monitor: val_acc\n", "training.early_stopping.monitor", 4,
            "unknown metric 'val_acc' (did you mean val_accuracy?)" },
        // R² needs the whole split, so only the validation split has it: watching it on the training split is refused at once.
        { "data: {dataset: diabetes}\ntraining:\n  early_stopping:\n    monitor: r2\n", "training.early_stopping.monitor", 4,
            "unknown metric 'r2'; allowed: val_loss, val_accuracy, val_mse, val_mae, val_r2, loss, accuracy, mse, mae" },
        { "data: {dataset: digits}\nobjective:\n  metric: val_r2\n", "objective.metric", 3, "val_r2 is a regression metric; the task is classification" },
        { "data:\n  dataset: digits\n  validation: 0\nobjective: val_accuracy\n", "objective", 4, "needs a validation split, but data.validation is 0" },
        { "data:\n  dataset: digits\n  noise: 0.1\n", "data.noise", 3, "applies to generated datasets only" },
        { "data:\n  dataset: moons\n  centers: 3\n", "data.centers", 3, "does not apply to moons (its keys: samples, noise, data_seed)" },
        { "seed: -1\ndata: {dataset: digits}\n", "seed", 1, "must be >= 0 (got -1)" },
        { "data: {dataset: digits}\ntraining:\n  schedule: linear\n", "training.schedule", 3, "unknown schedule 'linear'" },
        { "data: {dataset: digits}\ntraining:\n  schedule: {kind: step, warmup_epochs: 2}\n  warmup_epochs: 3\n",
            "training.warmup_epochs", 4, "is 3 but training.schedule.warmup_epochs is 2" },
        { "data: {dataset: digits}\ntraining:\n  max_epochs: 5\n  warmup_epochs: 5\n", "training.warmup_epochs", 4, "must be < max_epochs (5) (got 5)" },
        { "data: {dataset: digits}\ntraining:\n  transfer: {freeze: 1}\n", "training.transfer", 3, "needs from: the path of a saved model" },
        { "data: {dataset: digits}\nmodel: {layers: 1}\ntraining:\n  transfer: {from: a.model, freeze: 2}\n", "training.transfer.freeze", 4,
            "must be <= the number of hidden layers (1) (got 2)" },
        { "data: {dataset: digits}\ntraining:\n  pretraining: greedy\n", "training.pretraining", 3, "allowed: none, supervised, autoencoder" },
        { "data: {dataset: digits}\ntraining:\n  max_epochs: 0\n", "training.max_epochs", 3, "must be in [1, 100000] (got 0)" },
        { "data: {dataset: digits}\ntraining:\n  loss: cross_entropy\n", "training.loss", 3, "unknown loss 'cross_entropy'" },
        { "data: {dataset: digits}\nmodel:\n  init: xavier\n", "model.init", 3, "allowed: he_normal, he_uniform, glorot_normal" },
        { "data: {dataset: digits}\nmodel:\n  batch_norm: middle\n", "model.batch_norm", 3, "allowed: none, before, after" },
        { "data: {dataset: digits}\ntraining:\n  input_scaling: minmax\n", "training.input_scaling", 3, "allowed: standardize, normalize, none" },
        { "data: {dataset: digits}\ntraining:\n  class_weights: [1, -2]\n", "training.class_weights[1]", 3, "must be >= 0 (got -2)" },
        { "- data\n- model\n", "", 1, "a spec must be a mapping" },
        { "", "", 1, "the spec is empty" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Names_the_path_and_line(string spec, string path, int line, string fragment)
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(spec, "bad.yaml"));
        var error = e.First;
        Assert.True(path == error.Path && line == error.Line && error.Message.Contains(fragment),
            $"expected {path} at line {line} with '{fragment}', got:{Environment.NewLine}{e.Message}");
        Assert.StartsWith($"bad.yaml:{line}: {(path.Length > 0 ? path + ": " : "")}", e.Message);
    }

    [Fact]
    public void Unknown_key_at_depth_names_the_full_path_and_the_allowed_keys()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse("""
            data:
              dataset: digits
            training:
              early_stopping:
                monitor: val_loss
                patiense: 3
            """, "deep.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("training.early_stopping.patiense", 6, 5), (error.Path, error.Line, error.Column));
        Assert.Equal("unknown key (did you mean patience?); allowed here: monitor, mode, patience, min_delta, restore_best_weights",
            error.Message);
    }

    [Fact]
    public void Collects_every_error_of_a_document_in_order()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse("""
            data:
              dataset: digits
              validation: 2
            model:
              activation: rleu
              dropout: -0.1
            training:
              learning_rate: 0
              colour: blue
            """, "many.yaml"));
        Assert.Equal(
            [("data.validation", 3), ("model.activation", 5), ("model.dropout", 6), ("training.learning_rate", 8), ("training.colour", 9)],
            e.Errors.Select(x => (x.Path, x.Line)));
        Assert.Equal(5, e.Message.Split(Environment.NewLine).Length);
    }

    [Fact]
    public void Yaml_syntax_error_names_the_line()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(
            "data:\n  dataset: digits\nmodel:\n  layers: 2\n  units: [64, 32\ntraining:\n  max_epochs: 3\n", "syntax.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.StartsWith("YAML syntax error", error.Message);
        Assert.InRange(error.Line, 5, 6);
        Assert.StartsWith($"syntax.yaml:{error.Line}: YAML syntax error", e.Message);
    }

    [Fact]
    public void Bad_indentation_names_the_line()
    {
        var e = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(
            "data:\n  dataset: digits\nmodel:\n  layers: 2\n   units: 64\n", "indent.yaml"));
        Assert.Equal(5, e.First.Line);
    }
}
