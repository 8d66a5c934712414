using JasperFx.Events;
using BuildPeer.Data;
using BuildPeer.ServiceDefaults.Aws;
using BuildPeer.Uploads.Events;
using BuildPeer.Uploads.Projection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Processing.Expiry;

/// <summary>
/// Expires uploads still Requested after the configured time: aborts their multipart upload, removes partial
/// objects and appends UploadExpired. Safe with several instances: each expiry is an expected-version append,
/// so when two instances race, one wins and the other's append fails harmlessly.
/// </summary>
public sealed class UploadExpiryService(
    NpgsqlDataSource dataSource,
    TenantSessions store,
    ObjectStorage storage,
    TimeProvider clock,
    IOptions<ExpiryOptions> options,
    ILogger<UploadExpiryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ExpireDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Expiry pass failed; trying again next interval");
            }
            try { await Task.Delay(options.Value.ScanInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var candidates = new List<(Guid Tenant, Guid Upload)>();
        await using (var cmd = dataSource.CreateCommand("select tenant_id, id from expired_upload_candidates(@age, @limit)"))
        {
            cmd.Parameters.AddWithValue("age", options.Value.ExpireAfter);
            cmd.Parameters.AddWithValue("limit", options.Value.BatchSize);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        var expired = 0;
        foreach (var (tenant, upload) in candidates)
        {
            if (await ExpireAsync(tenant, upload, ct)) expired++;
        }
        if (expired > 0) logger.LogInformation("Expired {Count} abandoned uploads", expired);
        return expired;
    }

    private async Task<bool> ExpireAsync(Guid tenantId, Guid uploadId, CancellationToken ct)
    {
        await using var session = await store.OpenAsync(tenantId, ct);
        var status = await UploadStatusQueries.GetAsync(session, uploadId, ct);
        if (status is not { Status: UploadState.Requested }) return false;

        if (status.Multipart) await storage.AbortMultipartIfOpenAsync(status.ObjectKey, status.MultipartUploadId!, ct);
        await storage.DeleteAsync(status.ObjectKey, ct);
        session.AppendAt(uploadId, status.Version, new UploadExpired(uploadId, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (EventStreamUnexpectedMaxEventIdException)
        {
            return false; // another instance, or the client, moved it on first
        }
    }
}
