using Hpo.Engine.Options;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

public class PretrainingAndTransferKeyTests
{
    [Fact]
    public void Pretraining_and_transfer_keys_map_into_the_training_options()
    {
        var spec = TrainSpecParser.Parse("""
            data: {dataset: blobs}
            model: {units: [8, 8]}
            training:
              pretraining: autoencoder
              pretraining_epochs: 7
              pretraining_freeze: true
            """, "p.yaml");
        Assert.Equal(PretrainingKind.Autoencoder, spec.Pretraining);
        Assert.Equal(7, spec.Training.Pretraining!.EpochsPerLayer);
        Assert.True(spec.Training.Pretraining.FreezePretrained);

        var transfer = TrainSpecParser.Parse("""
            data: {dataset: blobs}
            model: {units: [8, 8]}
            training:
              transfer: {from: base.hpo, freeze: 1, learning_rate: 0.0001, keep_output: true}
            """, "t.yaml", "/models");
        Assert.Equal(new TransferSpec("/models/base.hpo", 1, 0.0001, true), transfer.Transfer);
    }

    [Fact]
    public void A_non_positive_transfer_learning_rate_names_its_key_and_line()
    {
        var ex = Assert.Throws<SpecException>(() => TrainSpecParser.Parse(
            "data: {dataset: blobs}\ntraining:\n  transfer:\n    from: a.hpo\n    learning_rate: 0\n", "t.yaml"));
        Assert.Equal("training.transfer.learning_rate", ex.First.Path);
        Assert.Equal(5, ex.First.Line);
    }
}
