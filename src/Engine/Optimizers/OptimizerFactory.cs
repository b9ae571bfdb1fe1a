using Hpo.Engine.Layers;
using Hpo.Engine.Options;

namespace Hpo.Engine.Optimizers;

public static class OptimizerFactory
{
    public static IOptimizer Create(TrainingOptions o, IReadOnlyList<Parameter> parameters)
    {
        var trainable = parameters.Where(p => p.Trainable).ToArray();
        return o.Optimizer switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(trainable, 0, nesterov: false) { Threads = o.Threads },
            OptimizerKind.Momentum => new SgdOptimizer(trainable, (float)o.Momentum, nesterov: false) { Threads = o.Threads },
            OptimizerKind.Nesterov => new SgdOptimizer(trainable, (float)o.Momentum, nesterov: true) { Threads = o.Threads },
            OptimizerKind.Adagrad => new AdagradOptimizer(trainable, (float)o.Epsilon),
            OptimizerKind.RmsProp => new RmsPropOptimizer(trainable, (float)o.Rho, (float)o.Epsilon),
            OptimizerKind.Adam => new AdamOptimizer(trainable, (float)o.Beta1, (float)o.Beta2, (float)o.Epsilon, 0f) { Threads = o.Threads },
            OptimizerKind.AdamW => new AdamOptimizer(trainable, (float)o.Beta1, (float)o.Beta2, (float)o.Epsilon, (float)o.WeightDecay) { Threads = o.Threads },
            var k => throw new ArgumentException($"unknown optimizer {k}"),
        };
    }
}
