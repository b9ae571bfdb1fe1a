using System.Text;
using Hpo.Sweeps.Specs;

namespace Hpo.Coordinator.Tests.Specs;

/// <summary>
/// Poison documents are refused by the reader with one error naming the line, without recursing (so a deep
/// document cannot overflow the stack) and within a bounded amount of memory.
/// </summary>
public class SpecBoundsReaderTests
{
    private const long MaxExtraBytes = 100L << 20;
    private const int Deep = 40_000;

    public static TheoryData<string, string> DeepDocuments => new()
    {
        { "flow lists", new string('[', Deep) + new string(']', Deep) },
        { "flow mappings", string.Concat(Enumerable.Repeat("{a: ", Deep)) + "1" + new string('}', Deep) },
        { "block lists", string.Concat(Enumerable.Repeat("- ", Deep)) + "1\n" },
        { "json", string.Concat(Enumerable.Repeat("{\"a\": ", Deep)) + "1" + new string('}', Deep) },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public void A_document_nested_40000_levels_deep_is_refused_at_the_level_past_the_cap(string _, string text)
    {
        var (e, allocated) = Refuse(text, "deep.yaml");
        var error = Assert.Single(e.Errors);
        Assert.Contains($"nested more than {SpecLimits.MaxDepth} levels deep", error.Message);
        Assert.True(error.Line >= 1);
        Assert.Equal($"deep.yaml:{error.Line}: nested more than {SpecLimits.MaxDepth} levels deep", e.Message);
        Assert.InRange(allocated, 0, MaxExtraBytes);
    }

    [Fact]
    public void Block_indented_nesting_past_the_cap_names_the_line_of_the_first_level_too_deep()
    {
        var lines = Enumerable.Range(0, SpecLimits.MaxDepth + 10).Select(i => new string(' ', i) + "a:");
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read(string.Join("\n", lines) + " 1\n", "indented.yaml"));
        // Line k opens level k + 1: the mapping of line MaxDepth + 1 is the first too deep.
        Assert.Equal(SpecLimits.MaxDepth + 1, e.First.Line);
    }

    [Fact]
    public void Nesting_up_to_the_cap_is_read()
    {
        var text = new string('[', SpecLimits.MaxDepth) + "1" + new string(']', SpecLimits.MaxDepth);
        var node = SpecYamlReader.Read(text, "ok.yaml");
        int depth = 0;
        while (node is SpecSequence s)
        {
            depth++;
            node = s.Items[0];
        }
        Assert.Equal(SpecLimits.MaxDepth, depth);
    }

    [Fact]
    public void Nine_levels_of_aliases_are_refused_at_the_alias_that_crosses_the_node_cap()
    {
        var text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'i'; c++)
            text.Append($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        var (e, allocated) = Refuse(text.ToString(), "laughs.yaml");
        var error = Assert.Single(e.Errors);
        Assert.Contains($"expands the document to more than {SpecLimits.MaxNodes:N0} values", error.Message);
        // 9^5 = 59,049 values by line 5; the line of f (9^6) crosses 100,000.
        Assert.Equal(6, error.Line);
        Assert.InRange(allocated, 0, MaxExtraBytes);
    }

    [Fact]
    public void An_alias_that_would_nest_past_the_cap_is_refused_at_its_line()
    {
        var deep = new string('[', SpecLimits.MaxDepth - 1) + "1" + new string(']', SpecLimits.MaxDepth - 1);
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read($"a: &deep {deep}\nb: [[*deep]]\n", "alias.yaml"));
        Assert.Equal(2, e.First.Line);
        Assert.Contains("the alias *deep nests the document more than 64 levels deep", e.First.Message);
    }

    [Fact]
    public void An_alias_reads_as_the_node_its_anchor_names()
    {
        var root = (SpecMapping)SpecYamlReader.Read("base: &b {units: 64, layers: 2}\nother: *b\n", "alias.yaml")!;
        var other = Assert.IsType<SpecMapping>(root.Find("other")!.Value);
        Assert.Equal("64", ((SpecScalar)other.Find("units")!.Value).Value);
    }

    [Fact]
    public void An_alias_to_no_anchor_names_its_line()
    {
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read("a: 1\nb: *nowhere\n", "alias.yaml"));
        Assert.Equal(2, e.First.Line);
        Assert.Contains("*nowhere names no anchor", e.First.Message);
    }

    [Fact]
    public void A_spec_over_one_mebibyte_is_refused_before_it_is_parsed()
    {
        var text = "name: big\n# " + new string('x', SpecLimits.MaxSpecBytes) + "\n";
        var (e, _) = Refuse(text, "big.yaml");
        Assert.Contains($"a spec may be at most {SpecLimits.MaxSpecBytes:N0} bytes", Assert.Single(e.Errors).Message);
    }

    private static (SpecException Error, long Allocated) Refuse(string text, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<SpecException>(() => SpecYamlReader.Read(text, name));
        return (e, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
