using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

public class SpecErrorTests
{
    [Fact]
    public void Formats_source_line_path_and_message()
    {
        var e = new SpecError("training.learning_rate", 12, 18, "must be > 0 (got -0.1)");
        Assert.Equal("model.yaml:12: training.learning_rate: must be > 0 (got -0.1)", e.Format("model.yaml"));
    }

    [Fact]
    public void Leaves_out_an_empty_path_and_an_unknown_line()
    {
        Assert.Equal("m.yaml:3: oops", new SpecError("", 3, 1, "oops").Format("m.yaml"));
        Assert.Equal("m.yaml: cannot read", new SpecError("", 0, 0, "cannot read").Format("m.yaml"));
    }

    [Fact]
    public void Exception_message_lists_errors_in_document_order()
    {
        var list = new SpecErrorList();
        list.Add(new SpecError("b", 5, 1, "second"));
        list.Add(new SpecError("a", 2, 3, "first"));
        var e = Assert.Throws<SpecException>(() => list.ThrowIfAny("s.yaml"));
        Assert.Equal(["a", "b"], e.Errors.Select(x => x.Path));
        Assert.Equal($"s.yaml:2: a: first{Environment.NewLine}s.yaml:5: b: second", e.Message);
    }

    [Theory]
    [InlineData("lerning_rate", "learning_rate")]
    [InlineData("rleu", "relu")]
    [InlineData("drop_evry", "drop_every")]
    [InlineData("zzzzzz", null)]
    public void Suggests_close_names(string word, string? expected) =>
        Assert.Equal(expected, SpecSuggest.Closest(word, ["learning_rate", "relu", "drop_every", "momentum"]));
}
