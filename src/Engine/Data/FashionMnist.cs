namespace Hpo.Engine.Data;

/// <summary>
/// Fashion-MNIST (Zalando SE, MIT licence) from Debian's <c>dataset-fashion-mnist</c> package:
/// 60,000 training and 10,000 test 28x28 greyscale images as 784 float features 0..255, 10 classes.
/// </summary>
public static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    public const int ImageSize = 28 * 28;

    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Both sets.</summary>
    public static TrainTestSets Load(string directory = DefaultDirectory) =>
        new(LoadTrain(directory), LoadTest(directory));

    /// <summary>The 60,000 training images.</summary>
    public static Dataset LoadTrain(string directory = DefaultDirectory) =>
        LoadPart(directory, "train", "fashion-mnist");

    /// <summary>The official 10,000 test images.</summary>
    public static Dataset LoadTest(string directory = DefaultDirectory) =>
        LoadPart(directory, "t10k", "fashion-mnist-test");

    private static Dataset LoadPart(string directory, string prefix, string name)
    {
        if (!Directory.Exists(directory))
            throw new DataException(
                $"Fashion-MNIST directory '{directory}' not found; install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
        var imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");

        var images = IdxLoader.Read(imagesPath);
        var labels = IdxLoader.Read(labelsPath);
        if (images.Shape.Length != 3 || images.ItemSize != ImageSize)
            throw new DataException($"{imagesPath}: expected images of shape Nx28x28, found {string.Join("x", images.Shape)}");
        if (labels.Shape.Length != 1 || labels.Count != images.Count)
            throw new DataException($"{labelsPath}: expected {images.Count} labels, found shape {string.Join("x", labels.Shape)}");

        var y = new int[labels.Count];
        for (int i = 0; i < y.Length; i++)
        {
            float v = labels.Values[i];
            if (!(v >= 0 && v < ClassNames.Count) || v != MathF.Floor(v))
                throw new DataException($"{labelsPath}: label {i} is {v}, expected an integer 0..{ClassNames.Count - 1}");
            y[i] = (int)v;
        }
        return Dataset.Classification(name, images.Values, images.Count, ImageSize, y, ClassNames);
    }

    private static string Find(string directory, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new DataException(
            $"Fashion-MNIST file '{stem}(.gz)' not found in '{directory}'; install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }
}
