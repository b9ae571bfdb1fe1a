using Hpo.Coordinator.Datasets;
using Hpo.Engine.Data;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Datasets;

public sealed class SpecCsvReferenceTests
{
    private static readonly DatasetId Id = DatasetId.Of("x,y\n1,2\n"u8);

    private static string Spec(string data) => $"""
        name: s   # a comment that stays
        data: {data}
        model: {"{"}layers: 1, units: 8{"}"}
        training: {"{"}max_epochs: 2{"}"}
        search: {"{"}sampler: random, max_trials: 2{"}"}
        """;

    [Theory]
    [InlineData("{csv: points.csv, target: label}")]
    [InlineData("{csv: \"points.csv\", target: label}")]
    [InlineData("{csv: 'points.csv', target: label}")]
    [InlineData("{\"csv\": \"sub dir/../points.csv\", \"target\": \"label\"}")]
    public void The_local_file_is_found_and_the_text_then_names_the_dataset_with_nothing_else_changed(string data)
    {
        var text = Spec(data);
        var local = SpecCsvReference.Find(text, "s.yaml", "/client")!;

        Assert.Equal("/client/points.csv", local.File);
        var rewritten = local.NamingUploaded(Id);
        var back = SweepSpecParser.Parse(rewritten, "s.yaml", "/elsewhere");
        Assert.Equal(Id.ToString(), back.Data.Csv);
        Assert.Equal("label", back.Data.Target);
        Assert.Equal(text.Split('\n').Where(l => !l.Contains("csv", StringComparison.Ordinal)), rewritten.Split('\n').Where(l => !l.Contains("csv", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_block_style_data_section_is_rewritten_in_place()
    {
        var text = """
            name: s
            data:
              csv: data/points.csv   # the client's copy
              target: label
            model: {layers: 1, units: 8}
            training: {max_epochs: 2}
            search: {sampler: random, max_trials: 2}
            """;

        var rewritten = SpecCsvReference.Find(text, "s.yaml", "/client")!.NamingUploaded(Id);

        Assert.Contains($"  csv: \"{Id}\"   # the client's copy\n", rewritten);
    }

    [Theory]
    [InlineData("{dataset: iris}")]
    [InlineData("{csv: \"sha256:7d1e23b5ae0ce6a1e0bbbfeac0c7c26e6be4e49e4f0c2a2b0d4ee0de9b4e0a9f\"}")]
    [InlineData("{csv: points.csv, nonsense: 1}")]
    public void A_spec_without_a_local_file_or_that_does_not_parse_is_left_alone(string data) =>
        Assert.Null(SpecCsvReference.Find(Spec(data), "s.yaml", "/client"));
}
