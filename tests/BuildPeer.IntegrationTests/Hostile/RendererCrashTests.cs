using System.Text.Json;
using Alba;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.TestSupport;
using BuildPeer.Uploads.Rules;

namespace BuildPeer.IntegrationTests.Hostile;

/// <summary>
/// Processing's renderers run libvips in-process: a crafted image that crashes libvips kills a renderer process.
/// Here the renderers are the real ones behind a relay that kills itself (SIGKILL, as a crash or the OOM killer
/// would) on any photo carrying a marker; nothing else about the pipeline is changed.
/// </summary>
[Collection(RendererCrashCollection.Name)]
public sealed class RendererCrashTests(RendererCrashSystem system)
{
    [Fact]
    public async Task A_photo_that_kills_the_renderer_is_retried_then_dead_lettered_and_failed_while_the_others_are_processed()
    {
        var tenant = await system.NewTenant().CreateAsync();
        var api = await tenant.LoginAsync("empleado");
        using var dir = new TemporaryDirectory();
        var killer = await File.ReadAllBytesAsync(await SampleFiles.PhotoWithGpsAsync(dir.Path, 1600, 1200));
        killer = [.. killer, .. RendererCrashSystem.Marker]; // after the JPEG's end: libvips would never read it

        // The killer in the middle of ordinary photos, all in flight together.
        var others = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i => await File.ReadAllBytesAsync(
            await SampleFiles.PhotoWithGpsAsync(Directory.CreateDirectory(Path.Combine(dir.Path, $"p{i}")).FullName, 1600, 1200))));
        var uploads = await Task.WhenAll(others.Take(3).Append(killer).Concat(others.Skip(3)).Select(async (bytes, i) =>
        {
            var ticket = await UploadDriver.InitiateAsync(api, tenant.ProjectId, $"foto-{i}.jpg", "image/jpeg", bytes.Length);
            await UploadDriver.PutAsync(ticket, bytes);
            return ticket.UploadId;
        }));
        await Task.WhenAll(uploads.Select(id => UploadDriver.CompleteAsync(api, id)));
        var finals = await Task.WhenAll(uploads.Select(async id => (await UploadDriver.WaitForFinalAsync(api, id, TimeSpan.FromMinutes(3))).Final));

        var failed = finals[3];
        Assert.Equal("Failed", failed.Status);
        Assert.Equal("process", failed.FailedStage);
        Assert.Contains("renderer process died", failed.FailureReason);
        Assert.Empty(failed.Renditions);
        Assert.All(finals.Where((_, i) => i != 3), other =>
        {
            Assert.Equal("Processed", other.Status);
            Assert.Equal(2, other.Renditions.Count);
        });

        var platform = await (await system.NewTenant("BuildPeer plataforma").CreateAsync()).WithOperadorAsync();
        var ops = await platform.LoginAsync(Roles.Operador);
        var letters = await (await ops.Scenario(s => s.Get.Url("/api/ops/dead-letters?state=dead"))).ReadAsJsonAsync<List<JsonElement>>();
        var letter = Assert.Single(letters!, l => l.GetProperty("uploadId").GetGuid() == uploads[3]);
        Assert.Contains("killed by signal 9", letter.GetProperty("errorMessage").GetString());
        // Retried before it was dead-lettered: the first try and one per cooldown (two in the tests' settings).
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(3, system.RendererDeaths());
    }
}

/// <summary>The whole system, with Processing's renderers started through the dying relay.</summary>
public sealed class RendererCrashSystem : BuildPeerSystem
{
    public static readonly byte[] Marker = "KILL-THE-RENDERER"u8.ToArray();
    private readonly TemporaryDirectory _scripts = new("dying-renderer");

    private string DeathLog => Path.Combine(_scripts.Path, "deaths");

    public int RendererDeaths() => File.Exists(DeathLog) ? File.ReadAllLines(DeathLog).Length : 0;

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        var relay = Path.Combine(_scripts.Path, "dying-renderer.sh");
        // Relays each request line to the real renderer and its reply back, unless the photo carries the marker.
        File.WriteAllText(relay, $$"""
            coproc REAL { "$@"; }
            while IFS= read -r request; do
              input=$(sed -E 's/^\{"Input":"([^"]*)".*/\1/' <<<"$request")
              if grep -q '{{System.Text.Encoding.ASCII.GetString(Marker)}}' "$input"; then echo "$input" >> '{{DeathLog}}'; kill -KILL $$; fi
              printf '%s\n' "$request" >&"${REAL[1]}"
              IFS= read -r reply <&"${REAL[0]}"
              printf '%s\n' "$reply"
            done
            """);
        string[] command = ["bash", relay, "dotnet", typeof(Processing.Program).Assembly.Location, "renderer"];
        foreach (var (part, i) in command.Select((part, i) => (part, i))) settings[$"Processing:Renderer:Command:{i}"] = part;
        // Seven uploads polled at once by one user.
        settings["RateLimits:RequestsPerMinute"] = "100000";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _scripts.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RendererCrashCollection : ICollectionFixture<RendererCrashSystem>
{
    public const string Name = "renderer-crash";
}
