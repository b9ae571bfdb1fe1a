using System.Text;
using Hpo.Engine.Data;

namespace Hpo.Worker.Tests.Datasets;

public sealed class DatasetIdTests
{
    // FIPS 180-2's example: SHA-256("abc").
    private const string Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void The_id_of_bytes_is_their_sha256_in_lower_case_hex()
    {
        var id = DatasetId.Of(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal("sha256:" + Abc, id.ToString());
        Assert.Equal(Abc + ".csv", id.FileName);
    }

    [Fact]
    public async Task A_file_hashes_as_its_bytes()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "abc");
            Assert.Equal(DatasetId.Of("abc"u8), await DatasetId.OfFileAsync(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("sha256:" + Abc)]
    [InlineData("SHA256:" + Abc)]
    [InlineData("  sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD ")]
    public void Either_case_reads_as_the_same_id(string text)
    {
        Assert.True(DatasetId.TryParse(text, out var id));
        Assert.Equal(DatasetId.Of("abc"u8), id);
    }

    [Theory]
    [InlineData("sha256:")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:" + Abc + "0")]
    [InlineData("sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(Abc)]
    [InlineData("data/iris.csv")]
    [InlineData(null)]
    public void Anything_but_sha256_and_64_hex_digits_is_no_id(string? text)
    {
        Assert.False(DatasetId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => DatasetId.Parse(text));
    }

    [Theory]
    [InlineData("sha256:abc", true)]
    [InlineData("Sha256:", true)]
    [InlineData("iris.csv", false)]
    [InlineData("data/sha256:x.csv", false)]
    public void A_text_meant_as_an_id_is_told_from_a_path(string text, bool meant) =>
        Assert.Equal(meant, DatasetId.LooksLikeId(text));
}
