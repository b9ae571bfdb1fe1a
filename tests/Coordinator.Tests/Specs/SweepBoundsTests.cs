using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>
/// What a sweep may ask for is bounded at parse time (before anything is journaled), each refusal one error at
/// the key's line, and deciding it costs little memory whatever the numbers written.
/// </summary>
public class SweepBoundsTests
{
    private const long MaxExtraBytes = 100L << 20;
    private const string Digits = "data: {dataset: digits}\n";

    public static TheoryData<string, string, int, string> Corpus => new()
    {
        // sweep, path, line, a fragment of the message
        { Digits + "model:\n  units: {choice: [16, 32]}\nsearch:\n  sampler: grid\n  grid_points: 1000000000\n",
            "search.grid_points", 6, $"must be in [2, {SpecLimits.MaxGridPoints}] (got 1000000000)" },
        { Digits + "training:\n  learning_rate: {loguniform: [1.0e-4, 1.0e-1]}\n  weight_decay: {uniform: [0, 0.1]}\n  momentum: {uniform: [0.5, 0.9]}\n" +
          "search:\n  sampler: grid\n  grid_points: 100\n",
            "search.sampler", 7, "the grid holds more than 100,000 configurations (training.learning_rate 100 x training.weight_decay 100 x training.momentum 100)" },
        { "data: {dataset: regression, samples: 8000000, features: 100}\n",
            "data.samples", 1, "the generated dataset would be 8,000,000 samples x 100 features = 800,000,000 cells; at most 10,000,000" },
        { "data: {dataset: moons, samples: 6000000}\n",
            "data.samples", 1, "6,000,000 samples x 2 features = 12,000,000 cells" },
        { "data:\n  dataset: classification\n  features: 100\n  samples: {int: [1000, 8000000]}\n",
            "data.samples", 4, "would be up to 8,000,000 samples x up to 100 features" },
        { "data: {dataset: classification, samples: 20000000}\n",
            "data.samples", 1, "must be in [2, 10000000] (got 20000000)" },
        { Digits + "training:\n  max_epochs: 1000000\n", "training.max_epochs", 3, $"must be in [1, {SpecLimits.MaxEpochs}] (got 1000000)" },
        { Digits + "training:\n  pretraining_epochs: 200000\n", "training.pretraining_epochs", 3, "must be in [1, 100000] (got 200000)" },
        { Digits + "search:\n  min_epochs: 200000\n", "search.min_epochs", 3, "must be in [1, 100000] (got 200000)" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_sweep_asking_too_much_is_refused_at_its_key(string sweep, string path, int line, string message)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<SpecException>(() => SweepSpecParser.Parse(sweep, "sweep.yaml"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var error = Assert.Single(e.Errors, x => x.Path == path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.InRange(allocated, 0, MaxExtraBytes);
    }

    [Fact]
    public void A_grid_at_the_cap_is_accepted()
    {
        // 10 x 100 x 100 = 100,000 configurations: exactly the cap.
        var spec = SweepSpecParser.Parse(Digits + "model:\n  units: {choice: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n" +
            "training:\n  learning_rate: {loguniform: [1.0e-4, 1.0e-1]}\n  momentum: {uniform: [0.5, 0.9]}\n" +
            "search:\n  sampler: grid\n  grid_points: 100\n", "sweep.yaml");
        Assert.Equal(SpecLimits.MaxGridConfigurations, Hpo.Sweeps.Search.GridSampler.Count(spec.Space, spec.Search.GridPoints));
    }

    [Fact]
    public void A_generated_dataset_at_the_cap_is_accepted()
    {
        var spec = SweepSpecParser.Parse("data: {dataset: regression, samples: 100000, features: 100}\n", "sweep.yaml");
        Assert.Equal(100_000, spec.Data.Samples);
    }

    [Fact]
    public void A_spec_file_over_one_mebibyte_is_refused_without_being_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hpo-big-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var file = File.CreateText(path))
            {
                file.Write(Digits);
                var comment = "# " + new string('x', 1000) + "\n";
                for (int i = 0; i < 25_000; i++) file.Write(comment);
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<SpecException>(() => SweepSpecParser.ParseFile(path));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains($"a spec may be at most {SpecLimits.MaxSpecBytes:N0} bytes", Assert.Single(e.Errors).Message);
            Assert.StartsWith($"{path}: the spec is 25,", e.Message);
            // Reading the 25 MB file as text would allocate 50 MB of characters.
            Assert.InRange(allocated, 0, SpecLimits.MaxSpecBytes);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
