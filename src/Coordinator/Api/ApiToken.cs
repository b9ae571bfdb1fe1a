using System.Security.Cryptography;
using System.Text;

namespace Hpo.Coordinator.Api;

/// <summary>
/// The API's bearer token: whether an <c>Authorization</c> header carries it. Both sides are hashed first, so the
/// comparison (<see cref="CryptographicOperations.FixedTimeEquals"/>) takes the same time whatever the token's length
/// and wherever the first difference lies.
/// </summary>
public sealed class ApiToken
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _hash;

    /// <summary>A check against <paramref name="token"/>.</summary>
    public ApiToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer TOKEN</c> with this token.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(offered, _hash);
    }
}
