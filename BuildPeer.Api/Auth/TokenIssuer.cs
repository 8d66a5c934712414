using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.Api.Auth;

public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);

public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    public static SymmetricSecurityKey KeyFrom(JwtOptions options)
    {
        var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Jwt:SigningKey must be at least 32 bytes. Run through the AppHost (it generates one) or set Jwt__SigningKey.");
        return new SymmetricSecurityKey(bytes);
    }

    public AccessToken Issue(Guid userId, Guid tenantId, string role, string email)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var expires = now.Add(o.AccessTokenLifetime);
        var token = new JwtSecurityToken(
            issuer: o.Issuer,
            audience: o.Audience,
            claims:
            [
                new Claim("sub", userId.ToString()),
                new Claim(CurrentUser.TenantClaim, tenantId.ToString()),
                new Claim(CurrentUser.RoleClaim, role),
                new Claim("email", email),
                new Claim("jti", Guid.NewGuid().ToString()),
            ],
            notBefore: now.UtcDateTime,
            expires: expires.UtcDateTime,
            signingCredentials: new SigningCredentials(KeyFrom(o), SecurityAlgorithms.HmacSha256));
        return new AccessToken(new JwtSecurityTokenHandler().WriteToken(token), expires);
    }
}
