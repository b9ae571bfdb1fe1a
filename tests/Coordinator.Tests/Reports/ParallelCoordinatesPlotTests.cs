using Hpo.Coordinator.Reports;
using Hpo.Sweeps.Control;
using ScottPlot;

namespace Hpo.Coordinator.Tests.Reports;

public sealed class ParallelCoordinatesPlotTests
{
    private static readonly ParameterAxis Optimizer = new("training.optimizer", ParameterScale.Choice, null, null, ["sgd", "adam", "rmsprop", "adagrad"]);

    /// <summary>Thirteen parameters with long paths, two of them ending alike, as a real model's spec has.</summary>
    private static readonly ParameterAxis[] Many =
    [
        new("training.learning_rate", ParameterScale.Log, 1e-5, 1e-1, []),
        new("training.weight_decay", ParameterScale.Log, 1e-6, 1e-2, []),
        new("training.batch_size", ParameterScale.Linear, 16, 512, []),
        new("training.momentum", ParameterScale.Linear, 0.5, 0.99, []),
        Optimizer,
        new("model.encoder.hidden_units", ParameterScale.Linear, 16, 1024, []),
        new("model.decoder.hidden_units", ParameterScale.Linear, 16, 1024, []),
        new("model.encoder.dropout_probability", ParameterScale.Linear, 0, 0.6, []),
        new("model.activation_function", ParameterScale.Choice, null, null, ["relu", "tanh", "gelu"]),
        new("model.layers", ParameterScale.Linear, 1, 8, []),
        new("training.scheduler.warmup_epochs", ParameterScale.Linear, 0, 5, []),
        new("training.gradient_clipping_norm", ParameterScale.Log, 0.1, 10, []),
        new("data.augmentation_strength", ParameterScale.Linear, 0, 1, []),
    ];

    [Fact]
    public void Every_choice_of_a_choice_axis_is_named_on_the_plot()
    {
        var history = PlotHistories.Over([ReportHistories.Axes[0], Optimizer], [3]);

        var texts = Draw(history).Select(t => t.Text).ToArray();

        Assert.All(Optimizer.Choices, choice => Assert.Contains(choice, texts));
    }

    [Fact]
    public void Thirteen_axis_names_are_shortened_to_what_tells_them_apart_and_none_overlaps_another_or_the_edge()
    {
        var history = PlotHistories.Over(Many, [3]);

        var texts = Draw(history);

        string[] expected =
        [
            "learning_rate", "weight_decay", "batch_size", "momentum", "optimizer", "encoder.hidden_units", "decoder.hidden_units",
            "dropout_probability", "activation_function", "layers", "warmup_epochs", "gradient_clipping_norm", "augmentation_strength",
            "val_accuracy",
        ];
        var names = expected.Select(name => Assert.Single(texts, t => t.Text == name)).ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            for (int j = i + 1; j < names.Length; j++)
                Assert.False(names[i].Overlaps(names[j]), $"{names[i]} overlaps {names[j]}");
        }
        // The plot clips its texts to the data area.
        const int right = ParallelCoordinatesPlot.Width - ParallelCoordinatesPlot.PadRight, bottom = ParallelCoordinatesPlot.Height - ParallelCoordinatesPlot.PadBottom;
        Assert.All(names, n =>
        {
            Assert.InRange(n.X, ParallelCoordinatesPlot.PadLeft, right);
            Assert.InRange(n.Right, ParallelCoordinatesPlot.PadLeft, right);
            Assert.InRange(n.Top, ParallelCoordinatesPlot.PadTop, bottom);
            Assert.InRange(n.Bottom, ParallelCoordinatesPlot.PadTop, bottom);
        });
    }

    [Fact]
    public void The_caption_gives_the_full_path_of_every_shortened_axis_name()
    {
        var figure = ParallelCoordinatesPlot.Draw(new SweepResults(PlotHistories.Over(Many, [3])));

        Assert.Contains("learning_rate is training.learning_rate", figure.Caption, StringComparison.Ordinal);
        Assert.Contains("encoder.hidden_units is model.encoder.hidden_units", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lines_take_their_colours_from_one_scale_labelled_with_the_objective()
    {
        var history = PlotHistories.Over([ReportHistories.Axes[0], Optimizer], [3]);
        var image = ParallelCoordinatesPlot.Draw(new SweepResults(history), ImageFormat.Svg).Image!;

        var strokes = Svg.Parse(image).Descendants().Where(e => e.Name.LocalName == "path" && e.Attribute("fill")?.Value == "none")
            .Select(e => e.Attribute("stroke")?.Value).Distinct().Count();

        Assert.True(strokes >= 10, $"{strokes} line colours");
        Assert.Contains(Svg.Texts(image), t => t.Text == "val_accuracy (maximised)");
    }

    private static IReadOnlyList<SvgText> Draw(SweepHistory history)
    {
        var figure = ParallelCoordinatesPlot.Draw(new SweepResults(history), ImageFormat.Svg);
        return Svg.Texts(figure.Image!);
    }
}
