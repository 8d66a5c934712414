using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.Api.Auth;

public static class AuthenticationSetup
{
    public static IServiceCollection AddBuildPeerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JwtOptions>(configuration.GetSection("Jwt"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<LoginUser>, Microsoft.AspNetCore.Identity.PasswordHasher<LoginUser>>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.Events = new JwtBearerEvents { OnMessageReceived = Live.LiveStreamAuthentication.ReadQueryToken };
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKey = TokenIssuer.KeyFrom(jwt.Value),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = CurrentUser.RoleClaim,
                };
            });
        services.AddAuthorization();
        return services;
    }
}
