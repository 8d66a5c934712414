using Amazon.SQS;
using BuildPeer.Messaging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Api.Ops;

/// <summary>
/// Recomputes the ops numbers on a timer and keeps the latest sample. The exported OpenTelemetry gauges
/// (<see cref="UploadMetrics"/>) and the ops page both read this sample, so the page shows what is exported.
/// </summary>
public sealed class OpsSampler(
    NpgsqlDataSource db,
    IAmazonSQS sqs,
    QueueDirectory queues,
    IOptions<MessagingOptions> messaging,
    IOptions<OpsOptions> options,
    TimeProvider clock,
    ILogger<OpsSampler> logger) : BackgroundService
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private OpsSample? _latest;

    public OpsSample? Latest => _latest;

    /// <summary>The latest sample if it is fresh enough, otherwise a new one (one computation at a time).</summary>
    public async Task<OpsSample> GetAsync(TimeSpan maxAge, CancellationToken ct)
    {
        if (_latest is { } fresh && clock.GetUtcNow() - fresh.TakenAt <= maxAge) return fresh;
        await _refreshing.WaitAsync(ct);
        try
        {
            if (_latest is { } other && clock.GetUtcNow() - other.TakenAt <= maxAge) return other;
            return _latest = await ComputeAsync(ct);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, clock);
        do
        {
            try
            {
                await GetAsync(options.Value.SampleInterval / 2, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Ops metrics sample failed: {Message}", e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    private async Task<OpsSample> ComputeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = options.Value.Window;
        var rows = await OpsQueries.ActivityAsync(db, null, now - window, ct);
        var byTenant = rows.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => OpsWindow.Compute(g, now, window));
        var o = messaging.Value;
        var depths = await Task.WhenAll(DepthAsync(o.UploadsQueue, ct), DepthAsync(o.DeadLetterQueueName, ct));
        return new OpsSample(now, OpsWindow.Compute(rows, now, window), byTenant, depths[0], depths[1]);
    }

    private async Task<QueueDepth> DepthAsync(string queue, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            return new QueueDepth(queue, await sqs.GetApproximateDepthAsync(await queues.UrlOfAsync(queue, timeout.Token), timeout.Token), null);
        }
        catch (Exception e) when (e is AmazonSQSException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new QueueDepth(queue, null, e.Message);
        }
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }
}
