using System.Text.Json;
using BuildPeer.Cli;
using BuildPeer.Processing.Receiving;
using Microsoft.Extensions.DependencyInjection;
using BuildPeer.TestSupport;
using BuildPeer.IntegrationTests.Infrastructure;
using BuildPeer.Uploads.Rules;
using Npgsql;
using Xunit.Abstractions;

namespace BuildPeer.IntegrationTests.Client;

/// <summary>
/// The operator's dead-letter verbs of the buildpeer CLI, end to end: clamd is unreachable for a Processing instance,
/// so scans fail transiently, are retried after each cooldown and dead-lettered (the upload Failed at "scan"); the
/// cause is fixed (an instance with a working clamd) and the operator lists, replays, discards and replays the rest
/// from the command line. The API and both Processing instances use a queue (and Wolverine schemas) of their own, so
/// nothing else in the collection meets the broken instance.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CliDeadLetterTests(BuildPeerSystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_operator_lists_replays_discards_and_replays_all_dead_letters_from_the_command_line()
    {
        var queue = $"uploads-dl-{Guid.NewGuid():N}"[..24];
        var settings = TestConfiguration.For(system.Deps, queue);
        // Its own Wolverine cluster too: Wolverine hands a replayed dead letter to a node of the cluster, which must
        // listen to this queue (the collection's Processing does not).
        settings["Database:MessageSchemaPrefix"] = "wolverine_" + queue.Replace('-', '_');
        await using var api = KestrelApiFactory.Start(settings);
        var tenant = await (await system.NewTenant("Constructora Delta").CreateAsync()).WithOperadorAsync();
        // The CLI needs a real port; the uploads go through an in-process instance with the same settings.
        await using var uploadsApi = await TestHosts.StartApiAsync(settings);
        var empleado = await tenant.LoginAsync("empleado", uploadsApi);
        using var files = new TemporaryDirectory("dead-letters");
        var png = await File.ReadAllBytesAsync(await SampleFiles.PngAsync(files.Path));

        // 1. Scans fail while clamd cannot be reached: after the configured attempts each upload is dead-lettered.
        var uploads = new List<Guid>();
        await using (await TestHosts.StartProcessingAsync(new Dictionary<string, string?>(settings)
                     { ["ConnectionStrings:clamd"] = $"tcp://127.0.0.1:{FreePort.Next()}" }))
        {
            foreach (var name in new[] { "losa-1.png", "losa-2.png", "losa-3.png" })
            {
                var ticket = await UploadDriver.InitiateAsync(empleado, tenant.ProjectId, name, "image/png", png.Length);
                await UploadDriver.PutAsync(ticket, png);
                await UploadDriver.CompleteAsync(empleado, ticket.UploadId);
                uploads.Add(ticket.UploadId);
            }
            foreach (var id in uploads)
            {
                var failed = (await UploadDriver.WaitForFinalAsync(empleado, id)).Final;
                Assert.Equal(("Failed", "scan"), (failed.Status, failed.FailedStage));
            }
        }

        // The reconciler's sweep of incoming/ (every minute, in any instance) meets these Failed uploads before anyone
        // replays them. Their scan never made its copy: the incoming bytes are all there is, and must stay for the replay.
        await system.Processing.Services.GetRequiredService<Reconciler>().SweepLateWritesAsync(default);

        using var operador = new CliUser(api.Address, tenant.Users[Roles.Operador].Email);
        await operador.LoginAsync();
        var table = await operador.RunAsync(ExitCodes.Success, "dead-letters", "list");
        output.WriteLine(table);
        foreach (var id in uploads) Assert.Contains(id.ToString(), table);
        Assert.Contains("unavailable", table); // the error: "clamd at … is unavailable: Connection refused" (wrapped in its column)

        var letters = JsonSerializer.Deserialize<List<JsonElement>>(await operador.RunAsync(ExitCodes.Success, "dead-letters", "list", "--json", "--limit", "500"))!;
        Guid LetterOf(Guid upload)
        {
            var letter = Assert.Single(letters, l => l.GetProperty("uploadId").GetString() == upload.ToString());
            Assert.Equal(3, letter.GetProperty("attempts").GetInt32()); // first try + the two cooldowns of the test configuration
            Assert.Equal("scan", letter.GetProperty("stage").GetString());
            return letter.GetProperty("id").GetGuid();
        }
        var (replayOne, discard, replayRest) = (LetterOf(uploads[0]), LetterOf(uploads[1]), LetterOf(uploads[2]));

        // Someone who is not an operator is refused with the API's reason.
        using (var worker = new CliUser(api.Address, tenant.Users["empleado"].Email))
        {
            await worker.LoginAsync();
            Assert.Contains("Only BuildPeer operators", await worker.RunAsync(ExitCodes.ApiError, "dead-letters", "list"));
        }

        // 2. The cause is fixed: an instance with a working clamd reads the same queue.
        await using var fixedProcessing = await TestHosts.StartProcessingAsync(settings);
        // The CLI's replays go through another API instance than the uploads' reads (see WaitForStatusAsync).
        async Task AssertProcessedAsync(Guid upload)
        {
            var (last, seen) = await UploadDriver.WaitForStatusAsync(empleado, upload, "Processed");
            Assert.True(last.Status == "Processed",
                $"upload {upload} after its replay: {string.Join(" → ", seen)} ({last.FailedStage}: {last.FailureReason})");
        }

        Assert.Contains($"Replayed dead letter {replayOne}", await operador.RunAsync(ExitCodes.Success, "dead-letters", "replay", replayOne.ToString()));
        await AssertProcessedAsync(uploads[0]);
        Assert.Contains("was replayed", await operador.RunAsync(ExitCodes.ApiError, "dead-letters", "replay", replayOne.ToString()));

        Assert.Contains($"Discarded dead letter {discard}",
            await operador.RunAsync(ExitCodes.Success, "dead-letters", "discard", discard.ToString(), "--reason", "foto repetida, el cliente la borró"));
        Assert.Contains("Replayed", await operador.RunAsync(ExitCodes.Success, "dead-letters", "replay-all"));
        await AssertProcessedAsync(uploads[2]);
        Assert.Equal("Failed", (await UploadDriver.WaitForFinalAsync(empleado, uploads[1])).Final.Status); // discarded: stays failed

        var discarded = await operador.RunAsync(ExitCodes.Success, "dead-letters", "list", "--state", "discarded");
        Assert.Contains(discard.ToString(), discarded);
        Assert.Contains("foto repetida", discarded);
        var waiting = JsonSerializer.Deserialize<List<JsonElement>>(await operador.RunAsync(ExitCodes.Success, "dead-letters", "list", "--json", "--limit", "500"))!;
        Assert.DoesNotContain(waiting, l => l.GetProperty("tenantId").GetGuid() == tenant.TenantId);

        // Every action is in the audit log, by the operator.
        await using var conn = new NpgsqlConnection(system.Deps.OwnerConnectionString);
        await conn.OpenAsync();
        await using var audit = new NpgsqlCommand(
            "select action, target from audit_log where actor_id = @a and target = any(@t) order by id", conn);
        audit.Parameters.AddWithValue("a", tenant.Users[Roles.Operador].Id);
        audit.Parameters.AddWithValue("t", new[] { replayOne.ToString(), discard.ToString(), replayRest.ToString() });
        var actions = new List<(string, string)>();
        await using (var reader = await audit.ExecuteReaderAsync())
            while (await reader.ReadAsync()) actions.Add((reader.GetString(0), reader.GetString(1)));
        Assert.Equal([("deadletter.replay", replayOne.ToString()), ("deadletter.discard", discard.ToString()), ("deadletter.replay", replayRest.ToString())], actions);
    }

    /// <summary>One person's buildpeer: its own config folder, so two users can be signed in at once.</summary>
    private sealed class CliUser(Uri api, string email) : IDisposable
    {
        private readonly TemporaryDirectory _folder = new("cli-user");

        private Dictionary<string, string> Environment => new()
        {
            ["BUILDPEER_CONFIG_DIR"] = Path.Combine(_folder.Path, "config"),
            ["BUILDPEER_STATE_DIR"] = Path.Combine(_folder.Path, "state"),
        };

        public async Task LoginAsync() =>
            Assert.Contains("Signed in as", await RunAsync(ExitCodes.Success, "login", "--api", api.ToString(), "--email", email, "--password", TestTenant.Password));

        /// <summary>Runs buildpeer and returns its output, after checking the exit code.</summary>
        public async Task<string> RunAsync(int expectedExitCode, params string[] args)
        {
            var (code, output) = await CliProcess.RunAsync(Environment, CliTimeout, args);
            Assert.True(code == expectedExitCode, $"buildpeer {string.Join(' ', args)} exited {code}, expected {expectedExitCode}:\n{output}");
            return output;
        }

        public void Dispose() => _folder.Dispose();
    }
}
