using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Messaging;

/// <summary>
/// Sends committed outbox rows to SQS. Rows are claimed with FOR UPDATE SKIP LOCKED, so several relays
/// (one per API/Processing instance) never send the same row at once; a row is deleted only after SQS
/// accepted it, in the claiming transaction. If SQS is down the rows stay and the relay backs off.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource,
    IAmazonSQS sqs,
    QueueDirectory queues,
    OutboxSignal signal,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await RelayBatchAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (sent == 0) await signal.WaitAsync(_options.OutboxPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
                logger.LogWarning(e, "Outbox relay could not send; rows stay in the outbox. Retrying in {Backoff}", backoff);
                try { await Task.Delay(backoff, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Claims up to one batch, sends it, deletes what SQS accepted. Returns the number sent.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var envelopes = await ClaimAsync(conn, tx, ct);
        if (envelopes.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        var sent = new List<Guid>();
        var failed = new List<Guid>();
        foreach (var group in envelopes.GroupBy(e => e.Destination))
        {
            var url = await queues.UrlOfAsync(group.Key, ct);
            var entries = group.Select(e => new SendMessageBatchRequestEntry
            {
                Id = e.Id.ToString("N"),
                MessageBody = e.Body,
                MessageAttributes = SqsCalls.ToMessageAttributes(e.ToAttributes()),
            }).ToList();
            var result = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = url, Entries = entries }, ct);
            foreach (var success in result.Successful ?? []) sent.Add(Guid.ParseExact(success.Id, "N"));
            foreach (var failure in result.Failed ?? [])
            {
                failed.Add(Guid.ParseExact(failure.Id, "N"));
                logger.LogWarning("SQS refused envelope {EnvelopeId}: {Code} {Message}", failure.Id, failure.Code, failure.Message);
            }
        }

        await ExecAsync(conn, tx, "select outbox_delete(@ids)", sent.ToArray(), ct);
        if (failed.Count > 0) await ExecAsync(conn, tx, "select outbox_bump_attempts(@ids)", failed.ToArray(), ct);
        await tx.CommitAsync(ct);
        return sent.Count;
    }

    private static async Task<List<Envelope>> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select id, message_type, body::text, destination, tenant_id, headers::text from outbox_claim(@limit)", conn, tx);
        cmd.Parameters.AddWithValue("limit", 10);
        var list = new List<Envelope>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(5)) ?? [];
            list.Add(new Envelope(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetGuid(4), headers));
        }
        return list;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Guid[] ids, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
