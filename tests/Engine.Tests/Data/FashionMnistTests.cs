using Hpo.Engine.Data;

namespace Hpo.Engine.Tests.Data;

[Trait("Category", "Integration")]
public class FashionMnistTests
{
    [Fact]
    public void Loads_60000_train_and_10000_test_images_with_10_classes()
    {
        var sets = FashionMnist.Load();
        Assert.Equal((60000, 784, 10), (sets.Train.Samples, sets.Train.FeatureCount, sets.Train.ClassCount));
        Assert.Equal((10000, 784, 10), (sets.Test.Samples, sets.Test.FeatureCount, sets.Test.ClassCount));
        Assert.Equal("T-shirt/top", sets.Train.ClassNames![0]);
        Assert.Equal("Ankle boot", sets.Train.ClassNames![9]);
        foreach (var d in new[] { sets.Train, sets.Test })
        {
            Assert.All(d.Labels!, l => Assert.InRange(l, 0, 9));
            var counts = Enumerable.Range(0, 10).Select(c => d.Labels!.Count(l => l == c)).ToArray();
            Assert.All(counts, c => Assert.Equal(d.Samples / 10, c)); // balanced: 6000 / 1000 per class
            Assert.Equal(0f, d.Features.Min());
            Assert.Equal(255f, d.Features.Max());
        }
    }

    [Fact]
    public void LoadSplit_uses_the_official_test_set()
    {
        var s = DataLoader.LoadSplit(new DataOptions { Dataset = "fashion-mnist", Validation = 0.1 });
        Assert.Equal((54000, 6000, 10000), (s.Train.Samples, s.Validation.Samples, s.Test!.Samples));
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(600, s.Validation.Labels!.Count(l => l == c)));
    }
}
