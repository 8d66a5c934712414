using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;

namespace BuildPeer.IntegrationTests.Uploads;

[Collection(SystemCollection.Name)]
public sealed class BadInputTests(BuildPeerSystem system)
{
    private static async Task<JsonElement> InitiateProblemAsync(ApiUser api, Guid projectId, object body, HttpStatusCode expected)
    {
        var result = await api.Scenario(s =>
        {
            s.Post.Json(body).ToUrl($"/api/projects/{projectId}/uploads");
            s.ProblemShouldBe(expected);
        });
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task An_unknown_project_answers_404_problem()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("constructora");
        var problem = await InitiateProblemAsync(api, Guid.NewGuid(), new { fileName = "a.jpg", contentType = "image/jpeg", size = 10 }, HttpStatusCode.NotFound);
        Assert.Contains("was not found", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_file_over_100_MB_is_refused_with_the_limit_in_the_message()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new { fileName = "plano.pdf", contentType = "application/pdf", size = 150_000_000 }, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("size")[0].GetString();
        Assert.Contains("150 MB", message);
        Assert.Contains("100 MB", message);
    }

    [Fact]
    public async Task A_content_type_outside_photos_pdf_and_office_is_refused()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new { fileName = "setup.exe", contentType = "application/x-msdownload", size = 1000 }, HttpStatusCode.BadRequest);
        Assert.Contains("not accepted", problem.GetProperty("errors").GetProperty("contentType")[0].GetString());
    }

    [Fact]
    public async Task A_batch_reports_each_bad_file_by_index()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new
        {
            files = new object[]
            {
                new { fileName = "ok.jpg", contentType = "image/jpeg", size = 1000 },
                new { fileName = "", contentType = "image/jpeg", size = 0 },
            },
        }, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("files[1].fileName", out _));
        Assert.True(errors.TryGetProperty("files[1].size", out _));
        Assert.False(errors.TryGetProperty("files[0].fileName", out _));
    }

    [Fact]
    public async Task Complete_before_the_bytes_arrive_is_a_409_and_the_upload_stays_requested()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "foto.jpg", "image/jpeg", 1234);

        var result = await api.Scenario(s =>
        {
            s.PostWithoutBody($"/api/uploads/{ticket.UploadId}/complete");
            s.ProblemShouldBe(HttpStatusCode.Conflict);
        });
        Assert.Contains("PUT its bytes", (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("Requested", (await UploadDriver.ViewAsync(api, ticket.UploadId)).Status);
    }

    [Fact]
    public async Task A_malformed_json_body_is_a_400_problem()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        await api.Scenario(s =>
        {
            s.Post.RawJson("{\"fileName\": \"a.jpg\", \"size\": ").ToUrl($"/api/projects/{tenant.ProjectId}/uploads");
            s.ProblemShouldBe(HttpStatusCode.BadRequest);
        });
    }

    [Fact]
    public async Task Wrong_password_is_a_401_problem_and_no_token()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var result = await system.Api.Scenario(s =>
        {
            s.Post.Json(new { email = tenant.Users["empleado"].Email, password = "nope" }).ToUrl("/api/auth/login");
            s.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
        Assert.False((await result.ReadAsJsonAsync<JsonElement>()).TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Over_the_tenant_quota_the_problem_says_the_limit_and_the_current_usage()
    {
        var tenant = await (await system.NewTenant().CreateAsync()).WithStorageQuotaAsync(150_000_000);
        var api = await tenant.LoginAsync("empleado");
        await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano-1.pdf", "application/pdf", 90_000_000);

        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new { fileName = "plano-2.pdf", contentType = "application/pdf", size = 90_000_000 }, HttpStatusCode.Conflict);

        Assert.Equal("Storage quota exceeded", problem.GetProperty("title").GetString());
        Assert.Contains("uses 0.09 GB of its 0.15 GB", problem.GetProperty("detail").GetString());
        Assert.Equal(90_000_000, problem.GetProperty("usedBytes").GetInt64());
        Assert.Equal(150_000_000, problem.GetProperty("quotaBytes").GetInt64());
    }

    [Fact]
    public async Task Space_freed_by_a_deletion_is_usable_at_once_although_the_usage_figure_is_cached()
    {
        var tenant = await (await system.NewTenant().CreateAsync()).WithStorageQuotaAsync(150_000_000);
        var api = await tenant.LoginAsync("empleado");
        var first = await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano-1.pdf", "application/pdf", 90_000_000);
        await api.Scenario(s =>
        {
            s.Delete.Url($"/api/uploads/{first.UploadId}");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });

        // The cached figure still counts the deleted plan; a refusal is re-read first, so this fits.
        await UploadDriver.InitiateAsync(api, tenant.ProjectId, "plano-2.pdf", "application/pdf", 90_000_000);
        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new { fileName = "plano-3.pdf", contentType = "application/pdf", size = 90_000_000 }, HttpStatusCode.Conflict);
        Assert.Equal(90_000_000, problem.GetProperty("usedBytes").GetInt64());
    }

    [Fact]
    public async Task A_batch_over_1000_files_is_refused_with_the_limit()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        var files = Enumerable.Range(0, 1001).Select(i => new { fileName = $"f{i}.jpg", contentType = "image/jpeg", size = 10 }).ToArray();
        var problem = await InitiateProblemAsync(api, tenant.ProjectId, new { files }, HttpStatusCode.BadRequest);
        Assert.Contains("at most 1000 files; this one has 1001", problem.GetProperty("errors").GetProperty("files")[0].GetString());
    }
}
