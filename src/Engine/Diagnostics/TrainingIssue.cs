using System.Globalization;
using System.Text.Json.Serialization;

namespace Hpo.Engine.Diagnostics;

/// <summary>
/// One entry of the issues log: what kind of trouble, the epoch it was first seen (0 = before training),
/// the evidence (a short text and the numbers behind it) and the book's advice. An issue seen again in
/// later epochs keeps its first evidence and counts the epochs it recurred in.
/// </summary>
public sealed record TrainingIssue
{
    public required IssueKind Kind { get; init; }

    /// <summary>The epoch (1-based) the issue was first seen; 0 for the data checks before training.</summary>
    public required int Epoch { get; init; }

    /// <summary>A short text with the numbers that triggered the detector.</summary>
    public required string Evidence { get; init; }

    /// <summary>The numbers behind the evidence, by name.</summary>
    public IReadOnlyDictionary<string, double> Numbers { get; init; } = new Dictionary<string, double>();

    public required string Advice { get; init; }

    /// <summary>Epochs the issue was seen in, the first included.</summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>The last epoch the issue was seen in.</summary>
    public int LastEpoch { get; init; }

    /// <summary>The snake_case kind, as printed and in JSON.</summary>
    [JsonIgnore]
    public string KindName => IssueKinds.Name(Kind);

    /// <summary>One line: epoch, kind, evidence (and recurrences), advice.</summary>
    public override string ToString()
    {
        string when = Epoch == 0 ? "before training" : $"epoch {Epoch}";
        string again = Occurrences > 1
            ? string.Create(CultureInfo.InvariantCulture, $" (seen in {Occurrences} epochs, last {LastEpoch})")
            : "";
        return $"{when}: {KindName}: {Evidence}{again}. {Advice}";
    }
}
