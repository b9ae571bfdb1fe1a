using Hpo.Engine.Options;

namespace Hpo.Sweeps.Specs;

/// <summary>The <c>model</c> section: the architecture, into <see cref="ModelOptions"/>.</summary>
public static class ModelSection
{
    public const string Path = "model";

    /// <summary>Width of each hidden layer when only <c>layers</c> is given.</summary>
    public static int DefaultWidth { get; } = new ModelOptions().HiddenUnits.FirstOrDefault(64);

    /// <summary>Hidden layers when only <c>units</c> is given as one width.</summary>
    public const int DefaultLayers = 1;

    public static EnumReader<ActivationKind> Activation { get; } = SpecValues.Enum("activation",
        ("linear", ActivationKind.Linear), ("sigmoid", ActivationKind.Sigmoid), ("tanh", ActivationKind.Tanh),
        ("relu", ActivationKind.Relu), ("leaky_relu", ActivationKind.LeakyRelu), ("prelu", ActivationKind.PRelu),
        ("elu", ActivationKind.Elu), ("selu", ActivationKind.Selu), ("gelu", ActivationKind.Gelu),
        ("softplus", ActivationKind.Softplus));

    public static EnumReader<InitKind> Init { get; } = SpecValues.Enum("initialiser",
        ("he_normal", InitKind.HeNormal), ("he_uniform", InitKind.HeUniform),
        ("glorot_normal", InitKind.GlorotNormal), ("glorot_uniform", InitKind.GlorotUniform),
        ("lecun_normal", InitKind.LecunNormal), ("normal", InitKind.Normal), ("uniform", InitKind.Uniform));

    /// <summary>none, before or after the activation; true means before, false none.</summary>
    public static EnumReader<BatchNormPlacement> BatchNorm { get; } = new("batch_norm placement",
        [("none", BatchNormPlacement.None), ("before", BatchNormPlacement.Before), ("after", BatchNormPlacement.After)],
        [("true", BatchNormPlacement.Before), ("false", BatchNormPlacement.None)]);

    public static SpecTable<ModelDraft> Table { get; } = new("model",
        SpecKey.Of<ModelDraft, int>("layers", ModelBounds.Layers, (d, v) => d with { Layers = v }),
        SpecKey.Of<ModelDraft, UnitsValue>("units", new UnitsReader(), (d, v) => d with { Units = v }),
        SpecKey.Of<ModelDraft, IReadOnlyList<int>>("hidden", new ListReader<int>(ModelBounds.Width),
            (d, v) => d with { Hidden = v }),
        Set("activation", Activation, (o, v) => o with { Activation = v }),
        Set("activation_alpha", SpecValues.NonNegative, (o, v) => o with { ActivationAlpha = (float)v }),
        Set("init", Init, (o, v) => o with { Init = v }),
        Set("init_scale", SpecValues.Positive, (o, v) => o with { InitScale = (float)v }),
        Set("bias_init", SpecValues.AnyNumber, (o, v) => o with { BiasInit = (float)v }),
        Set("batch_norm", BatchNorm, (o, v) => o with { BatchNorm = v }),
        Set("batch_norm_momentum", SpecValues.UnitHalfOpen, (o, v) => o with { BatchNormMomentum = (float)v }),
        Set("dropout", SpecValues.UnitHalfOpen, (o, v) => o with { Dropout = (float)v }));

    private static SpecKey<ModelDraft, T> Set<T>(string name, SpecValueReader<T> reader, Func<ModelOptions, T, ModelOptions> set) =>
        new(name, reader, (d, v) => d with { Options = set(d.Options, v) });

    public static ModelDraft Read(SpecEntry? entry, SpecContext context) =>
        entry is null ? new ModelDraft() : Table.ReadFixed(entry.Value, Path, new ModelDraft(), context);

    /// <summary>Combines layers with units or hidden; conflicts are reported at the keys' recorded lines.</summary>
    public static ModelOptions Build(ModelDraft draft, SpecContext context)
    {
        var options = draft.Options;
        if (draft.Units is not null && draft.Hidden is not null)
        {
            context.Error(SpecPath.Join(Path, "hidden"), "give units or hidden, not both");
            return options;
        }

        var (widths, widthsKey) = draft.Hidden is { } h ? (h, "hidden") : (draft.Units?.Widths, "units");
        if (widths is not null)
        {
            if (draft.Layers is { } n && n != widths.Count)
            {
                context.Error(SpecPath.Join(Path, "layers"),
                    $"is {n} but {Path}.{widthsKey} lists {widths.Count} width{(widths.Count == 1 ? "" : "s")}");
                return options;
            }
            if (widths.Count > ModelBounds.MaxLayers)
            {
                context.Error(SpecPath.Join(Path, widthsKey), $"lists {widths.Count} widths; at most {ModelBounds.MaxLayers} hidden layers are allowed");
                return options;
            }
            return options with { HiddenUnits = widths.ToArray() };
        }

        if (draft.Units is null && draft.Layers is null) return options;
        var width = draft.Units?.Width ?? DefaultWidth;
        return options with { HiddenUnits = Enumerable.Repeat(width, draft.Layers ?? DefaultLayers).ToArray() };
    }
}
