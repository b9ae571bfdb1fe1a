using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

public class SpecYamlReaderTests
{
    [Fact]
    public void Keeps_lines_and_columns_of_keys_and_values()
    {
        var root = (SpecMapping)SpecYamlReader.Read("name: x\ntraining:\n  learning_rate: 0.1\n", "t.yaml")!;
        var training = root.Find("training")!;
        Assert.Equal(2, training.Key.Line);
        var lr = ((SpecMapping)training.Value).Find("learning_rate")!;
        Assert.Equal((3, 3), (lr.Key.Line, lr.Key.Column));
        Assert.Equal((3, 18), (lr.Value.Line, lr.Value.Column));
        Assert.Equal("0.1", ((SpecScalar)lr.Value).Value);
    }

    [Fact]
    public void Tells_quoted_scalars_from_plain_ones()
    {
        var root = (SpecMapping)SpecYamlReader.Read("a: 1\nb: '1'\nc: \"1\"\nd: !!str 1\ne:\nf: null\n", "t.yaml")!;
        Assert.False(((SpecScalar)root.Find("a")!.Value).Quoted);
        Assert.True(((SpecScalar)root.Find("b")!.Value).Quoted);
        Assert.True(((SpecScalar)root.Find("c")!.Value).Quoted);
        Assert.True(((SpecScalar)root.Find("d")!.Value).Quoted);
        Assert.True(((SpecScalar)root.Find("e")!.Value).IsNull);
        Assert.True(((SpecScalar)root.Find("f")!.Value).IsNull);
    }

    [Fact]
    public void Reads_json_with_positions()
    {
        var root = (SpecMapping)SpecYamlReader.Read("{\n  \"model\": {\"hidden\": [128, 64]}\n}", "t.json")!;
        var hidden = (SpecSequence)((SpecMapping)root.Find("model")!.Value).Find("hidden")!.Value;
        Assert.Equal(2, hidden.Items.Count);
        Assert.Equal(2, hidden.Items[1].Line);
        Assert.True(((SpecMapping)root.Find("model")!.Value).Find("hidden")!.Key.Quoted);
    }

    [Fact]
    public void Empty_and_comment_only_documents_have_no_root()
    {
        Assert.Null(SpecYamlReader.Read("", "t.yaml"));
        Assert.Null(SpecYamlReader.Read("# nothing here\n", "t.yaml"));
    }

    [Fact]
    public void Syntax_error_names_its_line()
    {
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read("data:\n  dataset: digits\nmodel: [1, 2\ntraining: {}\n", "bad.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.InRange(error.Line, 3, 5);
        Assert.StartsWith("YAML syntax error", error.Message);
        Assert.StartsWith($"bad.yaml:{error.Line}: YAML syntax error", e.Message);
    }

    [Fact]
    public void Duplicate_key_names_the_second_occurrence()
    {
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read("model:\n  layers: 2\n  layers: 3\n", "dup.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("duplicate key", error.Message);
    }

    [Fact]
    public void More_than_one_document_is_rejected()
    {
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read("a: 1\n---\nb: 2\n", "two.yaml"));
        Assert.Contains("more than one", e.First.Message);
        Assert.Equal(3, e.First.Line);
    }

    [Fact]
    public void Non_scalar_key_is_rejected_with_its_line()
    {
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read("a: 1\n? [x, y]\n: 2\n", "k.yaml"));
        Assert.Equal(2, e.First.Line);
        Assert.Contains("plain name", e.First.Message);
    }
}
