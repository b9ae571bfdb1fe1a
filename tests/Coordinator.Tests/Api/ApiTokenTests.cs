using Hpo.Coordinator.Api;
using Hpo.Coordinator.Hosting;

namespace Hpo.Coordinator.Tests.Api;

/// <summary>The token check: only <c>Bearer</c> with exactly the token passes.</summary>
public sealed class ApiTokenTests
{
    private const string Token = "s3cret-token-0123456789";

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("Bearer  " + Token + " ")]
    public void The_token_as_a_bearer_is_accepted(string header) => Assert.True(new ApiToken(Token).Accepts(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData(Token)]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer s3cret-token-0123456780")]
    [InlineData("Bearer s3cret-token-012345678")]
    [InlineData("Bearer s3cret-token-01234567890")]
    [InlineData("Bearer S3CRET-TOKEN-0123456789")]
    [InlineData("Bearer x")]
    public void Anything_else_is_refused(string? header) => Assert.False(new ApiToken(Token).Accepts(header));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_token_is_no_token(string token) => Assert.Throws<ArgumentException>(() => new ApiToken(token));
}

/// <summary>When the coordinator's settings ask for a token: bound beyond loopback, unless anonymous access is asked for.</summary>
public sealed class ApiTokenSettingsTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://10.1.2.3:5080")]
    [InlineData("http://hpo.example:5080")]
    public void An_api_beyond_loopback_without_a_token_is_one_problem_naming_the_setting(string http)
    {
        foreach (var token in new string?[] { null, "", "  " })
        {
            var problems = new CoordinatorOptions { Http = http, ApiToken = token }.Validate();

            var problem = Assert.Single(problems);
            Assert.StartsWith("Hpo:Coordinator:ApiToken (HPO__COORDINATOR__APITOKEN) is needed", problem);
            Assert.DoesNotContain('\n', problem);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", "t0ken", false)]
    [InlineData("http://0.0.0.0:5080", null, true)]
    [InlineData("http://127.0.0.1:5080", null, false)]
    [InlineData("http://127.0.0.2:5080", null, false)]
    [InlineData("http://localhost:5080", null, false)]
    [InlineData("http://[::1]:5080", null, false)]
    public void A_token_an_explicit_opt_out_or_loopback_is_fine(string http, string? token, bool anonymous) =>
        Assert.Empty(new CoordinatorOptions { Http = http, ApiToken = token, AllowAnonymous = anonymous }.Validate());

    [Fact]
    public void Only_an_api_beyond_loopback_without_a_token_counts_as_open()
    {
        Assert.True(new CoordinatorOptions { Http = "http://0.0.0.0:5080", AllowAnonymous = true }.OpenBeyondLoopback);
        Assert.False(new CoordinatorOptions { Http = "http://0.0.0.0:5080", ApiToken = "t" }.OpenBeyondLoopback);
        Assert.False(new CoordinatorOptions { Http = "http://127.0.0.1:5080" }.OpenBeyondLoopback);
    }
}
