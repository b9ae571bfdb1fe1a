using Hpo.Engine.Data;
using Hpo.Engine.Options;

namespace Hpo.Engine.Persistence;

public sealed record ScalerData(ScalingKind Kind, float[] Offset, float[] Scale)
{
    public static ScalerData From(Scaler s) => new(s.Kind, s.Offset, s.Scale);
    public Scaler ToScaler() => Scaler.FromParameters(Kind, Offset, Scale);
}
