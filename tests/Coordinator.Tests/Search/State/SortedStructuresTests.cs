using CsCheck;
using Hpo.Sweeps.Search.State;

namespace Hpo.Coordinator.Tests.Search.State;

public class SortedStructuresTests
{
    [Fact]
    public void Sorted_float_list_orders_and_takes_medians_like_a_sorted_array() =>
        Gen.Float[-10, 10].Array[1, 3000].Sample(values =>
        {
            var list = new SortedFloatList();
            foreach (var v in values)
                list.Add(MathF.Round(v, 1)); // plenty of duplicates
            var sorted = values.Select(v => MathF.Round(v, 1)).Order().ToArray();
            Assert.Equal(sorted.Length, list.Count);
            Assert.Equal(sorted, Enumerable.Range(0, list.Count).Select(list.ElementAt));

            float excluded = sorted[sorted.Length / 3];
            var others = sorted.ToList();
            others.Remove(excluded);
            double expected = others.Count == 0 ? double.NaN
                : others.Count % 2 == 1 ? others[others.Count / 2]
                : (others[others.Count / 2 - 1] + (double)others[others.Count / 2]) / 2;
            Assert.Equal(expected, list.MedianExcluding(excluded));
            Assert.Equal(sorted.Count(v => v < excluded), list.CountBelow(excluded));
        }, iter: 100);

    [Fact]
    public void Rung_table_top_is_the_best_quota_of_its_results_after_every_insert() =>
        Gen.Select(Gen.Int[0, 30].Array[1, 400], Gen.Int[2, 5], Gen.Bool).Sample((scores, eta, ceil) =>
        {
            Func<int, int> quota = ceil ? n => (n + eta - 1) / eta : n => n / eta;
            var table = new RungTable(1, quota);
            var keys = new List<RankKey>();
            for (int i = 0; i < scores.Length; i++)
            {
                var key = new RankKey(scores[i], i);
                keys.Add(key);
                table.Record(key, _ => false);
                var best = keys.Order().Take(quota(keys.Count)).ToHashSet();
                Assert.Equal(best.Count, table.TopCount);
                Assert.All(keys, k => Assert.Equal(best.Contains(k), table.IsInTop(k)));
            }
            Assert.Equal(keys.Order(), table.Results);
        }, iter: 100);
}
