using System.Buffers;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using BuildPeer.ServiceDefaults.Aws;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace BuildPeer.Bench.Stack;

/// <summary>
/// The OLD architecture, for comparison only (it exists nowhere but in bench/): the client sends the file's
/// bytes to an API endpoint, which authenticates the caller with the same JWT bearer validation as the API
/// and writes the bytes to S3 with the same AWSSDK.S3 client settings the services use.
/// It does only the byte path (no event store, no outbox): everything it costs is the cost of touching bytes,
/// so comparing the presigned path's API CPU with it is, if anything, generous to the proxy.
/// Started by the harness as its own process: <c>dotnet BuildPeer.Bench.dll serve-proxy</c>.
/// </summary>
public static class ProxyServer
{
    public const string Command = "serve-proxy";
    public const long MaxBodyBytes = 110_000_000;

    public static int Run(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        var aws = AwsSettings.From(builder.Configuration);
        var bucket = builder.Configuration["Storage:Bucket"] ?? throw new InvalidOperationException("Storage__Bucket is not set.");
        var key = builder.Configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("Jwt__SigningKey is not set.");
        builder.Services.AddSingleton<IAmazonS3>(_ => AwsServiceCollectionExtensions.CreateS3Client(aws));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(bearer =>
        {
            bearer.MapInboundClaims = false;
            // The same parameters as BuildPeer.Api's AuthenticationSetup (its defaults for issuer and audience).
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = "buildpeer",
                ValidAudience = "buildpeer-api",
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
            };
        });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/alive", () => Results.Ok("alive"));
        app.MapPut("/proxy/projects/{projectId:guid}/files/{fileName}", async (Guid projectId, string fileName, HttpContext http, IAmazonS3 s3, CancellationToken ct) =>
        {
            if (http.Request.ContentLength is not { } length || length <= 0) return Results.StatusCode(StatusCodes.Status411LengthRequired);
            var tenant = http.User.FindFirst("tenant_id")?.Value ?? "unknown";
            var objectKey = $"tenant-{tenant}/project-{projectId}/proxied/{Guid.CreateVersion7()}/original";
            // Buffer the body (the SDK signs a seekable payload over HTTP), from a pool to spare the GC.
            var buffer = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                await http.Request.Body.ReadExactlyAsync(buffer.AsMemory(0, (int)length), ct);
                using var content = new MemoryStream(buffer, 0, (int)length, writable: false);
                await s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = objectKey,
                    InputStream = content,
                    ContentType = http.Request.ContentType ?? "application/octet-stream",
                    AutoCloseStream = false,
                }, ct);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return Results.Created($"/proxy/objects/{objectKey}", new { objectKey, size = length, fileName });
        }).RequireAuthorization();
        app.Run();
        return 0;
    }
}
