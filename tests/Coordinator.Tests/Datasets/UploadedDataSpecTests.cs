using Hpo.Coordinator.Tests.Cli;
using Hpo.Engine.Data;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Datasets;

/// <summary>A spec naming an uploaded dataset: how it parses, and how its data is checked before it is journaled.</summary>
public sealed class UploadedDataSpecTests
{
    private const string Hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    private static string Sweep(string csv, string extra = "") => $$"""
        name: up
        data: {csv: "{{csv}}"{{extra}}}
        model: {layers: 1, units: 8}
        training: {max_epochs: 2, batch_size: 4}
        search: {sampler: random, max_trials: 2}
        """;

    [Fact]
    public void A_dataset_id_is_kept_normalised_and_not_taken_for_a_path()
    {
        var spec = SweepSpecParser.Parse(Sweep("SHA256:" + Hex.ToUpperInvariant()), "up.yaml", "/srv/hpo");

        Assert.Equal("sha256:" + Hex, spec.Data.Csv);
        Assert.Equal(DatasetId.Parse("sha256:" + Hex), DataSection.Uploaded(spec.Data));
    }

    [Fact]
    public void A_malformed_id_is_an_error_at_data_csv()
    {
        var error = Assert.Throws<SpecException>(() => SweepSpecParser.Parse(Sweep("sha256:abc"), "up.yaml"));

        var only = Assert.Single(error.Errors);
        Assert.Equal("data.csv", only.Path);
        Assert.Equal(2, only.Line);
        Assert.Contains("'sha256:abc' is not a dataset id", only.Message);
    }

    [Fact]
    public void Hpo_train_reads_files_only()
    {
        var error = Assert.Throws<SpecException>(() => TrainSpecParser.Parse($$"""
            data: {csv: "sha256:{{Hex}}"}
            model: {hidden: [8]}
            training: {max_epochs: 2}
            """, "t.yaml"));

        Assert.Contains("names a dataset uploaded to a cluster; hpo train reads a CSV file", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public void Without_the_uploads_as_in_hpo_run_the_sweep_is_refused_with_what_to_do()
    {
        var spec = SweepSpecParser.Parse(Sweep("sha256:" + Hex), "up.yaml");

        var error = Assert.Throws<SpecException>(() => DataPreflight.Check(spec));

        Assert.Equal("data.csv", Assert.Single(error.Errors).Path);
        Assert.Contains("submit the sweep there (hpo submit), or give the CSV file's path", error.Message);
    }

    [Fact]
    public void A_dataset_the_coordinator_lacks_refuses_the_sweep()
    {
        var spec = SweepSpecParser.Parse(Sweep("sha256:" + Hex), "up.yaml");

        var error = Assert.Throws<SpecException>(() => DataPreflight.Check(spec, _ => null));

        Assert.Contains($"the coordinator has no dataset sha256:{Hex}; upload it first", error.Message);
    }

    [Fact]
    public void The_coordinators_copy_is_checked_as_a_file_with_the_specs_columns()
    {
        using var dir = new TempDir();
        var copy = dir.Write(Hex + ".csv", "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,1,x\n2,2,y\n3,3,x\n4,4,y\n5,5,x\n6,6,y\n");
        DatasetId? asked = null;
        string? Copy(DatasetId id)
        {
            asked = id;
            return copy;
        }

        DataPreflight.Check(SweepSpecParser.Parse(Sweep("sha256:" + Hex, ", target: label"), "up.yaml"), Copy);
        var error = Assert.Throws<SpecException>(() => DataPreflight.Check(SweepSpecParser.Parse(Sweep("sha256:" + Hex, ", target: lable"), "up.yaml"), Copy));

        Assert.Equal(DatasetId.Parse("sha256:" + Hex), asked);
        Assert.Equal("data.target", Assert.Single(error.Errors).Path);
        Assert.Contains("no column \"lable\"", error.Message);
    }
}
