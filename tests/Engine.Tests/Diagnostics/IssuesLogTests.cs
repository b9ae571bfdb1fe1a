using Hpo.Engine.Diagnostics;

namespace Hpo.Engine.Tests.Diagnostics;

public class IssuesLogTests
{
    private static readonly Dictionary<string, double> None = [];

    [Fact]
    public void A_kind_seen_again_keeps_its_first_evidence_and_counts_the_epochs()
    {
        var log = new IssuesLog();
        log.Add(IssueKind.ExplodingGradients, 3, "norm 2000", None);
        log.Add(IssueKind.DeadRelu, 4, "60% dead", None);
        Assert.True(log.Recur(IssueKind.ExplodingGradients, 5));
        log.Add(IssueKind.ExplodingGradients, 7, "norm 9000", None);
        Assert.False(log.Recur(IssueKind.Overfitting, 7));

        Assert.Equal([IssueKind.ExplodingGradients, IssueKind.DeadRelu], log.Entries.Select(e => e.Kind));
        var e = log.Entries[0];
        Assert.Equal((3, 3, 7, "norm 2000"), (e.Epoch, e.Occurrences, e.LastEpoch, e.Evidence));
        Assert.Equal((1, 4), (log.Entries[1].Occurrences, log.Entries[1].LastEpoch));
    }

    [Fact]
    public void The_same_epoch_counts_once()
    {
        var log = new IssuesLog();
        log.Add(IssueKind.Divergence, 2, "a", None);
        log.Add(IssueKind.Divergence, 2, "b", None);
        Assert.Equal(1, Assert.Single(log.Entries).Occurrences);
    }

    [Fact]
    public void Clearing_the_training_entries_keeps_the_data_checks()
    {
        var log = new IssuesLog();
        log.Add(IssueKind.UnscaledTargets, 0, "std 222", None);
        log.Add(IssueKind.Divergence, 1, "NaN", None);
        log.ClearTrainingEntries();
        Assert.Equal(IssueKind.UnscaledTargets, Assert.Single(log.Entries).Kind);
    }

    [Fact]
    public void An_entry_reads_as_one_line_with_epoch_kind_evidence_and_advice()
    {
        var log = new IssuesLog();
        log.Add(IssueKind.UnscaledTargets, 0, "target std 222", None);
        log.Add(IssueKind.ExplodingGradients, 3, "mean global gradient norm 2E+03", None);
        log.Recur(IssueKind.ExplodingGradients, 9);
        Assert.Equal("before training: unscaled_targets: target std 222. " + IssueAdvice.For(IssueKind.UnscaledTargets), log.Entries[0].ToString());
        string line = log.Entries[1].ToString();
        Assert.StartsWith("epoch 3: exploding_gradients: mean global gradient norm 2E+03 (seen in 2 epochs, last 9). ", line);
        Assert.EndsWith(IssueAdvice.For(IssueKind.ExplodingGradients), line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Every_kind_has_a_distinct_snake_case_name_and_the_books_advice()
    {
        var kinds = Enum.GetValues<IssueKind>();
        var names = kinds.Select(IssueKinds.Name).ToArray();
        Assert.Equal(kinds.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(_[a-z]+)*$", n));
        Assert.All(kinds, k => Assert.InRange(IssueAdvice.For(k).Length, 40, 200));
        Assert.Contains("clip", IssueAdvice.For(IssueKind.ExplodingGradients));
        Assert.Contains("learning rate", IssueAdvice.For(IssueKind.ExplodingGradients));
        Assert.Contains("He", IssueAdvice.For(IssueKind.VanishingGradients));
    }
}
