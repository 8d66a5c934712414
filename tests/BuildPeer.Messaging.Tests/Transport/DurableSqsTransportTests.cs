using BuildPeer.Hosting.Local;
using BuildPeer.Wolverine.AmazonSqs;
using JasperFx;
using Npgsql;
using Wolverine;
using Wolverine.Postgresql;

namespace BuildPeer.Messaging.Tests.Transport;

/// <summary>The transport under Wolverine's durable outbox and inbox on PostgreSQL, with SQS unreachable for a while.</summary>
public sealed class DurableSqsTransportTests(FauxqsFixture fauxqs, PostgresFixture postgres)
    : IClassFixture<FauxqsFixture>, IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Messages_published_while_SQS_is_unreachable_wait_in_the_outbox_then_arrive_once_each()
    {
        var queue = TransportHost.UniqueQueue("durable");
        using var host = await TransportHost.StartAsync(fauxqs, opts =>
        {
            opts.PersistMessagesWithPostgresql(postgres.ConnectionString, "wolverine");
            opts.AutoBuildMessageStorageOnStartup = AutoCreate.CreateOrUpdate;
            opts.Policies.UseDurableOutboxOnAllSendingEndpoints();
            opts.Policies.UseDurableInboxOnAllListeners();
            var sqs = opts.UseAmazonSqsTransportConfig();
            sqs.Timeout = TimeSpan.FromSeconds(2); // a paused emulator answers nothing: fail fast instead of waiting
            sqs.MaxErrorRetry = 0;
            opts.PublishMessage<Note>().ToSqsQueue(queue);
            opts.ListenToSqsQueue(queue, q => q.WaitTimeSeconds = 1);
        });
        var run = Guid.NewGuid();

        PosixSignals.Stop(fauxqs.Server.Pid);
        try
        {
            for (var i = 0; i < 10; i++) await host.Bus().PublishAsync(new Note(run, i));
            var held = await TransportHost.EventuallyAsync(() => OutgoingAsync(queue), n => n == 10, TimeSpan.FromSeconds(10));
            Assert.Equal(10, held);
            await Task.Delay(3000); // several failed sends later: still held, nothing handled
            Assert.Equal(10, await OutgoingAsync(queue));
            Assert.Empty(Handled.NotesOf(run));
        }
        finally
        {
            PosixSignals.Continue(fauxqs.Server.Pid);
        }

        var seen = await TransportHost.EventuallyAsync(() => Task.FromResult(Handled.NotesOf(run)), s => s.Count >= 10, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, 10), seen.Order());
        Assert.Equal(0, await TransportHost.EventuallyAsync(() => OutgoingAsync(queue), n => n == 0, TimeSpan.FromSeconds(10)));
        await Task.Delay(1500);
        Assert.Equal(10, Handled.NotesOf(run).Count);
    }

    private async Task<long> OutgoingAsync(string queue)
    {
        await using var conn = new NpgsqlConnection(postgres.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from wolverine.wolverine_outgoing_envelopes where destination = @d", conn);
        cmd.Parameters.AddWithValue("d", $"sqs://{queue}/");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
