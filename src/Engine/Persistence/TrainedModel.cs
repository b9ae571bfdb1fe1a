using Hpo.Engine.Data;
using Hpo.Engine.Losses;
using Hpo.Engine.Model;

namespace Hpo.Engine.Persistence;

/// <summary>A model read from a file, ready to predict.</summary>
public sealed class TrainedModel
{
    internal TrainedModel(ModelHeader header, Network network)
    {
        Header = header;
        Network = network;
        var encoder = TargetEncoder.Create(header.Task, header.Loss, header.ClassCount, header.TargetCount);
        var loss = LossFactory.Create(header.Loss, header.Task, header.Training.HuberDelta);
        Predictor = new Predictor(network, encoder, loss, header.InputScaler.ToScaler(), header.TargetScaler?.ToScaler());
    }

    public ModelHeader Header { get; }
    public Network Network { get; }
    public Predictor Predictor { get; }
    public int InputWidth => Header.InputWidth;
}
