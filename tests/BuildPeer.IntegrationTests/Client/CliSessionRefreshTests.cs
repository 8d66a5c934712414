using Alba;
using BuildPeer.Api.Uploads;
using BuildPeer.Cli.Config;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Client;

[Collection(SystemCollection.Name)]
public sealed class CliSessionRefreshTests(BuildPeerSystem system)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task An_upload_that_starts_with_an_expired_access_token_refreshes_once_succeeds_and_keeps_the_rotated_refresh_token()
    {
        await using var cli = await CliHarness.StartAsync(system);
        await cli.LoginAsync();
        var store = new CredentialsStore(Path.Combine(cli.Environment["BUILDPEER_CONFIG_DIR"], "credentials.json"));
        var issued = store.Load()!;
        Assert.False(string.IsNullOrEmpty(issued.RefreshToken));
        // The next morning: the 15-minute access token is long gone, the refresh token still good.
        store.Save(issued with { AccessToken = "eyJhbGciOiJIUzI1NiJ9.expired.token", ExpiresAt = DateTimeOffset.UtcNow.AddHours(-12) });

        var plano = cli.Folder.File("plano.docx");
        await File.WriteAllBytesAsync(plano, RandomDocx.Bytes(20 * MiB + 3, seed: 7));
        var acta = cli.Folder.File("acta.docx");
        await File.WriteAllBytesAsync(acta, RandomDocx.Bytes(300_000, seed: 8));
        // Two files at once: both start with the dead token, both get 401, one refresh serves them.
        var (code, text) = await cli.RunAsync(TimeSpan.FromMinutes(3), "upload", plano, acta, "--project", cli.Tenant.ProjectId.ToString(),
            "--files", "2", "--no-progress");

        Assert.True(code == 0, text);
        var list = await UploadDriver.ListAsync(cli.Api, cli.Tenant.ProjectId);
        Assert.Equal(["acta.docx", "plano.docx"], list.Items.Select(u => u.FileName).Order());
        var kept = store.Load()!;
        Assert.NotEqual(issued.RefreshToken, kept.RefreshToken);
        Assert.NotEqual("eyJhbGciOiJIUzI1NiJ9.expired.token", kept.AccessToken);
        Assert.True(kept.ExpiresAt > DateTimeOffset.UtcNow, $"expires {kept.ExpiresAt}");
        Assert.Equal((issued.Email, issued.TenantId), (kept.Email, kept.TenantId));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));

        // Had the old refresh token been spent twice, reuse detection would have revoked every session, the kept one too.
        await system.Api.Scenario(s =>
        {
            s.Post.Json(new { refreshToken = kept.RefreshToken }).ToUrl("/api/auth/refresh");
            s.StatusCodeShouldBeOk();
        });
    }
}
