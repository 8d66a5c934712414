using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Alba;
using BuildPeer.Api.Auth;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Rules;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BuildPeer.IntegrationTests.Live;

[Collection(SystemCollection.Name)]
public sealed class OpsOverviewTests(BuildPeerSystem system)
{
    [Fact]
    public async Task A_constructora_sees_its_last_hour_the_dependencies_and_the_queues_as_the_gauges_export_them()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var uploader = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(dir.Path));
        await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "muro.png", "image/png", png);
        await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "columna.png", "image/png", png);
        var infected = await UploadDriver.UploadAsync(uploader, tenant.ProjectId, "virus.pdf", "application/pdf", SampleFiles.Eicar);
        await UploadDriver.InitiateAsync(uploader, tenant.ProjectId, "pendiente.jpg", "image/jpeg", 100);

        var ops = await tenant.LoginAsync("constructora");
        var overview = await PollAsync(ops, o => o.GetProperty("window").GetProperty("processed").GetInt32() == 2);
        var window = overview.GetProperty("window");
        Assert.Equal(3, window.GetProperty("received").GetInt32());
        Assert.Equal(1, window.GetProperty("quarantined").GetInt32());
        Assert.Equal(0, window.GetProperty("failed").GetInt32());
        Assert.Equal(1.0, window.GetProperty("successRate").GetDouble());
        Assert.Equal(Math.Round(3 / 60.0, 3), window.GetProperty("uploadsPerMinute").GetDouble());
        Assert.InRange(window.GetProperty("p95CompleteToProcessedMs").GetDouble(), 1, 60_000);
        var minutes = window.GetProperty("minutes").EnumerateArray().ToList();
        Assert.Equal(60, minutes.Count);
        Assert.Equal(3, minutes.Sum(m => m.GetProperty("received").GetInt32()));
        Assert.Equal(2, minutes.Sum(m => m.GetProperty("processed").GetInt32()));

        var activity = Assert.Single(window.GetProperty("activity").EnumerateArray());
        Assert.Equal(tenant.ProjectId, activity.GetProperty("projectId").GetGuid());
        Assert.Equal("Obra principal", activity.GetProperty("projectName").GetString());
        Assert.Equal(4, activity.GetProperty("requested").GetInt32());
        Assert.Equal(png.Length * 2 + SampleFiles.Eicar.Length, activity.GetProperty("bytesReceived").GetInt64());

        var failure = Assert.Single(overview.GetProperty("recentFailures").EnumerateArray());
        Assert.Equal(infected.Id, failure.GetProperty("uploadId").GetGuid());
        Assert.Equal("Quarantined", failure.GetProperty("status").GetString());
        Assert.StartsWith("Local.Test.EICAR", failure.GetProperty("reason").GetString());

        var checks = overview.GetProperty("health").GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["api/PostgreSql"]);
        Assert.Equal("Healthy", checks["api/queue"]);
        Assert.Equal("Healthy", checks["api/live-notifications"]);
        Assert.True(overview.GetProperty("uploadsQueue").GetProperty("depth").GetInt64() >= 0);
        Assert.Equal("uploads-it-dlq", overview.GetProperty("deadLetterQueue").GetProperty("queue").GetString());
        Assert.True(overview.GetProperty("deadLetterQueue").GetProperty("depth").GetInt64() >= 0);

        // The numbers on the page are the ones the "BuildPeer.Uploads" gauges export for this tenant.
        var exported = ReadGauges(tenant.TenantId);
        Assert.Contains(exported, m => m is { Name: "buildpeer.uploads.window", Outcome: "received", Value: 3 });
        Assert.Contains(exported, m => m is { Name: "buildpeer.uploads.window", Outcome: "quarantined", Value: 1 });
        Assert.Contains(exported, m => m.Name == "buildpeer.uploads.complete_to_processed.p95"
            && m.Value == window.GetProperty("p95CompleteToProcessedMs").GetDouble());
        Assert.Contains(exported, m => m is { Name: "buildpeer.uploads.success_rate", Value: 1.0 });
    }

    [Fact]
    public async Task Only_constructoras_open_the_ops_view_and_another_tenants_uploads_never_count()
    {
        var a = await system.NewTenant("A").CreateAsync();
        var b = await system.NewTenant("B").CreateAsync();
        await UploadDriver.InitiateAsync(await a.LoginAsync("empleado"), a.ProjectId, "de-a.jpg", "image/jpeg", 100);

        foreach (var role in new[] { "empleado", "inversionista" })
            await (await a.LoginAsync(role)).Scenario(s =>
            {
                s.Get.Url("/api/ops/overview");
                s.ProblemShouldBe(HttpStatusCode.Forbidden);
            });

        var overview = await PollAsync(await b.LoginAsync("constructora"), _ => true);
        Assert.Empty(overview.GetProperty("window").GetProperty("activity").EnumerateArray());
        Assert.Empty(overview.GetProperty("recentFailures").EnumerateArray());
        Assert.Equal(b.TenantId, overview.GetProperty("tenantId").GetGuid());
    }

    [Fact]
    public async Task An_operador_sees_every_tenant_in_aggregate_without_file_or_project_names()
    {
        var a = await system.NewTenant("Constructora Alfa").CreateAsync();
        var b = await system.NewTenant("Constructora Beta").CreateAsync();
        var infected = await UploadDriver.UploadAsync(await a.LoginAsync("empleado"), a.ProjectId, "secreto-alfa.pdf", "application/pdf", SampleFiles.Eicar);
        await UploadDriver.InitiateAsync(await b.LoginAsync("empleado"), b.ProjectId, "plano-beta.jpg", "image/jpeg", 100);

        var operador = await (await a.WithOperadorAsync()).LoginAsync(Roles.Operador);
        var overview = await PollAsync(operador, o => o.GetProperty("window").GetProperty("activity").EnumerateArray()
            .Count(r => r.GetProperty("tenantId").GetGuid() == a.TenantId || r.GetProperty("tenantId").GetGuid() == b.TenantId) == 2);

        Assert.Equal("all", overview.GetProperty("scope").GetString());
        var rows = overview.GetProperty("window").GetProperty("activity").EnumerateArray().ToList();
        var alfa = Assert.Single(rows, r => r.GetProperty("tenantId").GetGuid() == a.TenantId);
        Assert.Equal("Constructora Alfa", alfa.GetProperty("tenantName").GetString());
        Assert.Equal(1, alfa.GetProperty("quarantined").GetInt32());
        Assert.Equal(JsonValueKind.Null, alfa.GetProperty("projectName").ValueKind);
        Assert.Equal(1, Assert.Single(rows, r => r.GetProperty("tenantId").GetGuid() == b.TenantId).GetProperty("requested").GetInt32());
        Assert.True(overview.GetProperty("window").GetProperty("received").GetInt32() >= 1);

        var failure = Assert.Single(overview.GetProperty("recentFailures").EnumerateArray(), f => f.GetProperty("uploadId").GetGuid() == infected.Id);
        Assert.Equal(JsonValueKind.Null, failure.GetProperty("fileName").ValueKind);
        Assert.Equal(JsonValueKind.Null, failure.GetProperty("projectName").ValueKind);
        Assert.Equal("Constructora Alfa", failure.GetProperty("tenantName").GetString());
        Assert.DoesNotContain("secreto-alfa", overview.GetRawText());
    }

    private static async Task<JsonElement> PollAsync(ApiUser user, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var overview = await (await user.Scenario(s => s.Get.Url("/api/ops/overview"))).ReadAsJsonAsync<JsonElement>();
            if (done(overview) || DateTime.UtcNow > deadline) return overview;
            await Task.Delay(500);
        }
    }

    private sealed record Exported(string Name, string? Outcome, double Value);

    private static List<Exported> ReadGauges(Guid tenantId)
    {
        var seen = new List<Exported>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Api.Ops.UploadMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tenant = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant.id") tenant = tag.Value as string;
                if (tag.Key == "outcome") outcome = tag.Value as string;
            }
            if (tenant == tenantId.ToString()) seen.Add(new Exported(instrument.Name, outcome, value));
        }
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
