using System.Net;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using Npgsql;

namespace BuildPeer.IntegrationTests.Tenancy;

[Collection(SystemCollection.Name)]
public sealed class CrossTenantTests(BuildPeerSystem system)
{
    [Fact]
    public async Task Another_tenants_token_gets_404_for_the_upload_its_listing_history_and_content()
    {
        var a = await system.NewTenant("Constructora A").CreateAsync();
        var b = await system.NewTenant("Constructora B").CreateAsync();
        var apiA = await a.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var upload = await UploadDriver.UploadAsync(apiA, a.ProjectId, "a.png", "image/png", await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path)));
        Assert.Equal("Processed", upload.Status);

        var apiB = await b.LoginAsync("constructora");
        foreach (var url in new[] { $"/api/uploads/{upload.Id}", $"/api/uploads/{upload.Id}/history", $"/api/uploads/{upload.Id}/content",
                     $"/api/uploads/{upload.Id}/content?rendition=thumb-200", $"/api/projects/{a.ProjectId}/uploads" })
            await apiB.Scenario(s =>
            {
                s.Get.Url(url);
                s.ProblemShouldBe(HttpStatusCode.NotFound);
            });
        await apiB.Scenario(s =>
        {
            s.PostWithoutBody($"/api/uploads/{upload.Id}/complete");
            s.ProblemShouldBe(HttpStatusCode.NotFound);
        });
    }

    [Fact]
    public async Task Row_level_security_hides_other_tenants_rows_from_raw_sql_as_the_service_role()
    {
        var a = await system.NewTenant("A").CreateAsync();
        var b = await system.NewTenant("B").CreateAsync();
        await UploadDriver.InitiateAsync(await a.LoginAsync("empleado"), a.ProjectId, "a.jpg", "image/jpeg", 100);
        await UploadDriver.InitiateAsync(await b.LoginAsync("empleado"), b.ProjectId, "b.jpg", "image/jpeg", 100);

        var serviceRole = new NpgsqlConnectionStringBuilder(system.Deps.OwnerConnectionString) { Username = "buildpeer_app" }.ConnectionString;
        await using var conn = new NpgsqlConnection(serviceRole);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{a.TenantId}', true)", conn, tx)) await set.ExecuteNonQueryAsync();

        var tenants = new List<Guid>();
        await using (var cmd = new NpgsqlCommand("select * from upload_status", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tenants.Add(reader.GetGuid(reader.GetOrdinal("tenant_id")));
        Assert.NotEmpty(tenants);
        Assert.All(tenants, t => Assert.Equal(a.TenantId, t));

        await using (var events = new NpgsqlCommand("select count(*) from uploads.mt_events where tenant_id::uuid <> @a", conn, tx))
        {
            events.Parameters.AddWithValue("a", a.TenantId);
            Assert.Equal(0L, await events.ExecuteScalarAsync());
        }
        await tx.RollbackAsync();

        await using var noTenant = new NpgsqlCommand("select count(*) from upload_status", conn);
        Assert.Equal(0L, await noTenant.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_service_role_cannot_bypass_row_level_security()
    {
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select rolsuper, rolbypassrls from pg_roles where rolname = 'buildpeer_app'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.GetBoolean(0));
        Assert.False(reader.GetBoolean(1));
    }
}
