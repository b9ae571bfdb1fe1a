using Hpo.Sweeps.Search;

namespace Hpo.Coordinator.Tests.Search;

/// <summary>Domains map the unit interval onto every value; the space orders parents first and honours conditions.</summary>
public class SearchSpaceTests
{
    private static ParamValue I(long v) => ParamValue.Of(v);
    private static ParamValue F(double v) => ParamValue.Of(v);
    private static ParamValue T(string v) => ParamValue.Of(v);

    [Fact]
    public void A_choice_splits_the_unit_interval_evenly()
    {
        var d = SearchDomain.Choice(T("a"), T("b"), T("c"), T("d"));
        Assert.Equal([T("a"), T("a"), T("b"), T("c"), T("d"), T("d")], new[] { 0.0, 0.2499, 0.25, 0.6, 0.75, 0.99999 }.Select(d.FromUnit));
        Assert.True(d.Contains(T("c")));
        Assert.False(d.Contains(T("e")));
    }

    [Fact]
    public void An_integer_range_reaches_both_ends_with_equal_shares()
    {
        var d = SearchDomain.Int(1, 4);
        var counts = Enumerable.Range(0, 4000).Select(i => d.FromUnit((i + 0.5) / 4000).AsInt).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<long, int> { [1] = 1000, [2] = 1000, [3] = 1000, [4] = 1000 }, counts);
        Assert.Equal(I(4), d.FromUnit(1.0));
    }

    [Fact]
    public void A_log_integer_range_favours_small_values_by_log_width()
    {
        var d = SearchDomain.Int(1, 1000, log: true);
        var values = Enumerable.Range(0, 10000).Select(i => d.FromUnit((i + 0.5) / 10000).AsInt).ToList();
        Assert.Equal(1, values.Min());
        Assert.Equal(1000, values.Max());
        // log10 spreads evenly: a third of the draws in each decade.
        Assert.InRange(values.Count(v => v < 10), 3200, 3500);
        Assert.InRange(values.Count(v => v >= 100), 3200, 3500);
    }

    [Fact]
    public void A_log_real_range_is_uniform_in_the_logarithm()
    {
        var d = SearchDomain.Float(1e-4, 1e-1, log: true);
        Assert.Equal(1e-4, d.FromUnit(0).Number, 12);
        Assert.Equal(1e-3, d.FromUnit(1 / 3.0).Number, 12);
        Assert.Equal(1e-2, d.FromUnit(2 / 3.0).Number, 12);
        Assert.True(d.FromUnit(0.999999).Number <= 1e-1);
        Assert.False(d.Contains(F(0.2)));
        Assert.False(d.Contains(I(0)));
    }

    [Fact]
    public void Grid_values_list_choices_small_integer_ranges_and_spread_points()
    {
        Assert.Equal([I(1), I(2), I(3), I(4)], SearchDomain.Int(1, 4).GridValues(5));
        Assert.Equal([I(0), I(25), I(50), I(75), I(100)], SearchDomain.Int(0, 100).GridValues(5));
        Assert.Equal([I(1), I(10), I(100), I(1000)], SearchDomain.Int(1, 1000, log: true).GridValues(4));
        Assert.Equal([F(0.0), F(0.25), F(0.5)], SearchDomain.Float(0, 0.5).GridValues(3));
        var log = SearchDomain.Float(1e-4, 1e-1, log: true).GridValues(4).Select(v => v.Number).ToList();
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1], log, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Invalid_domains_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SearchDomain.Int(5, 1));
        Assert.Throws<ArgumentException>(() => SearchDomain.Int(0, 8, log: true));
        Assert.Throws<ArgumentException>(() => SearchDomain.Float(0, 1, log: true));
        Assert.Throws<ArgumentException>(() => SearchDomain.Float(-1, -2));
        Assert.Throws<ArgumentException>(() => SearchDomain.Choice());
        Assert.Throws<ArgumentException>(() => SearchDomain.Choice(T("a"), T("a")));
    }

    [Fact]
    public void The_space_puts_parents_before_their_conditional_parameters()
    {
        var space = new SearchSpace([
            new SearchParameter("training.momentum", SearchDomain.Float(0.5, 0.99), new SearchCondition("training.optimizer", T("momentum"))),
            new SearchParameter("model.layers", SearchDomain.Int(1, 3)),
            new SearchParameter("training.optimizer", SearchDomain.Choice(T("adam"), T("momentum"))),
        ]);
        Assert.Equal(["model.layers", "training.optimizer", "training.momentum"], space.Parameters.Select(p => p.Path));
        Assert.Equal(2, space.IndexOf("training.momentum"));

        var adam = space.FromUnitPoint([0.5, 0.1, 0.5]);
        Assert.Equal(["model.layers", "training.optimizer"], adam.Values.Keys);
        var momentum = space.FromUnitPoint([0.5, 0.9, 0.0]);
        Assert.Equal(F(0.5), momentum["training.momentum"]);
        Assert.Empty(space.Violations(momentum));
    }

    [Fact]
    public void The_space_refuses_cycles_unknown_parents_and_duplicates()
    {
        var choice = SearchDomain.Choice(T("x"), T("y"));
        Assert.Throws<ArgumentException>(() => new SearchSpace([
            new SearchParameter("a", choice, new SearchCondition("b", T("x"))),
            new SearchParameter("b", choice, new SearchCondition("a", T("x")))]));
        Assert.Throws<ArgumentException>(() => new SearchSpace([new SearchParameter("a", choice, new SearchCondition("z", T("x")))]));
        Assert.Throws<ArgumentException>(() => new SearchSpace([new SearchParameter("a", choice), new SearchParameter("a", choice)]));
    }

    [Fact]
    public void Violations_name_what_a_configuration_gets_wrong()
    {
        var space = new SearchSpace([
            new SearchParameter("opt", SearchDomain.Choice(T("adam"), T("sgd"))),
            new SearchParameter("momentum", SearchDomain.Float(0.5, 0.9), new SearchCondition("opt", T("sgd"))),
            new SearchParameter("layers", SearchDomain.Int(1, 3)),
        ]);
        var problems = space.Violations(new TrialConfig([
            new("opt", T("adam")), new("momentum", F(0.7)), new("layers", I(9)), new("colour", T("red"))]));
        Assert.Equal(["colour", "momentum", "layers"], problems.Select(p => p.Path));
        Assert.Contains("inactive", problems[1].Problem);
        Assert.Contains("outside its domain", problems[2].Problem);
        Assert.Equal("momentum", Assert.Single(space.Violations(new TrialConfig([new("opt", T("sgd")), new("layers", I(2))]))).Path);
    }
}
