using Hpo.Engine.Options;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>The key tables as a sweep will use them: validate each choice, apply sampled values, build.</summary>
public class SpecKeyTableTests
{
    [Theory]
    [InlineData("layers", SpecValueKind.Integer)]
    [InlineData("units", SpecValueKind.Integer)]
    [InlineData("dropout", SpecValueKind.Number)]
    [InlineData("activation", SpecValueKind.Choice)]
    [InlineData("hidden", SpecValueKind.Structured)]
    public void Model_keys_tell_which_search_spaces_fit(string key, SpecValueKind kind) =>
        Assert.Equal(kind, ModelSection.Table.Find(key)!.Reader.Kind);

    [Theory]
    [InlineData("learning_rate", SpecValueKind.Number)]
    [InlineData("batch_size", SpecValueKind.Integer)]
    [InlineData("schedule", SpecValueKind.Choice)]
    [InlineData("clip_norm", SpecValueKind.Number)]
    [InlineData("shuffle", SpecValueKind.Boolean)]
    public void Training_keys_tell_which_search_spaces_fit(string key, SpecValueKind kind) =>
        Assert.Equal(kind, TrainingSection.Table.Find(key)!.Reader.Kind);

    [Fact]
    public void Sampled_values_apply_to_a_draft_that_builds_into_options()
    {
        var model = ModelSection.Table;
        var draft = new ModelDraft();
        draft = model.Find("layers")!.Apply(draft, 3);
        draft = model.Find("units")!.Apply(draft, 48L);
        draft = model.Find("activation")!.Apply(draft, "elu");
        draft = model.Find("dropout")!.Apply(draft, 0.3);
        var context = new SpecContext("sweep.yaml");
        var options = ModelSection.Build(draft, context);
        Assert.False(context.Errors.HasErrors);
        Assert.Equal([48, 48, 48], options.HiddenUnits);
        Assert.Equal(ActivationKind.Elu, options.Activation);
        Assert.Equal(0.3f, options.Dropout);
    }

    [Fact]
    public void Sampled_values_outside_a_key_range_are_refused()
    {
        var training = TrainingSection.Table;
        Assert.False(training.Find("learning_rate")!.TryApply(new TrainingDraft(), -0.5, out _, out var error));
        Assert.Equal("must be a number > 0 (got -0.5)", error);
        Assert.False(training.Find("momentum")!.TryApply(new TrainingDraft(), 1.0, out _, out error));
        Assert.Contains("[0, 1)", error);
        Assert.False(training.Find("optimizer")!.TryApply(new TrainingDraft(), "adamax", out _, out error));
        Assert.False(training.Find("max_epochs")!.TryApply(new TrainingDraft(), 2.5, out _, out _));
        Assert.Throws<ArgumentException>(() => ModelSection.Table.Find("layers")!.Apply(new ModelDraft(), -1));
    }

    [Fact]
    public void Choice_items_are_read_by_the_same_reader_with_their_own_lines()
    {
        var root = (SpecMapping)SpecYamlReader.Read("schedule:\n  choice:\n    - constant\n    - {kind: step, drop_every: 0}\n", "s.yaml")!;
        var items = (SpecSequence)((SpecMapping)root.Entries[0].Value).Entries[0].Value;
        var reader = TrainingSection.Table.Find("schedule")!.Reader;
        var context = new SpecContext("s.yaml", command: "hpo run");
        Assert.True(reader.TryReadValue(items.Items[0], "training.schedule.choice[0]", context, out var constant));
        Assert.Equal(new ScheduleOptions(), constant);
        Assert.False(reader.TryReadValue(items.Items[1], "training.schedule.choice[1]", context, out _));
        var error = context.Errors.Sorted().Single();
        Assert.Equal(("training.schedule.choice[1].drop_every", 4), (error.Path, error.Line));
    }

    [Fact]
    public void Batch_size_accepts_full_and_sampled_integers()
    {
        var key = TrainingSection.Table.Find("batch_size")!;
        Assert.Equal(0, key.Apply(new TrainingDraft(), "full").Options.BatchSize);
        Assert.Equal(64, key.Apply(new TrainingDraft(), 64).Options.BatchSize);
        Assert.Equal(ScheduleKind.Cosine, TrainingSection.Table.Find("schedule")!.Apply(new TrainingDraft(), "cosine").Options.Schedule.Kind);
        Assert.Null(TrainingSection.Table.Find("clip_norm")!.Apply(new TrainingDraft { Options = new() { ClipNorm = 1 } }, null).Options.ClipNorm);
    }

    [Fact]
    public void Every_key_of_a_table_is_unique_and_snake_case()
    {
        foreach (var names in new[] { ModelSection.Table.Names, TrainingSection.Table.Names, DataSection.Table.Names, ScheduleReader.Table.Names })
        {
            var list = names.ToList();
            Assert.Equal(list.Count, list.Distinct().Count());
            Assert.All(list, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
        }
    }
}
