using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using BuildPeer.TestSupport;
using Npgsql;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>
/// The system under fault: real PostgreSQL, fauxqs (S3+SQS) and clamd started by the AppHost's dependencies-only mode
/// (Aspire.Hosting.Testing), two API instances and three Processing instances, each its own OS process on a loopback
/// port. The services it stops by PID in <see cref="DisposeAsync"/> (and <see cref="ChildProcesses"/> if the host dies);
/// the dependencies the AppHost stops.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public const string Database = "uploadsdb";
    public const string Bucket = "faults";
    public const string Queue = "faults";
    public const string DeadLetterQueue = Queue + "-dlq";
    /// <summary>Where S3 ObjectCreated notifications go (the suite sends them as S3 would, fauxqs does not).</summary>
    public const string S3EventsQueue = Queue + "-s3-events";
    public const string JwtKey = "fault-suite-signing-key-0123456789abcdef-0123456789";
    public const int VisibilityTimeoutSeconds = 10;

    private readonly List<ServiceInstance> _apis = [];
    private readonly List<ServiceInstance> _processing = [];

    public FaultCluster()
    {
        Root = Path.Combine(Path.GetTempPath(), "buildpeer-faults-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(LogDirectory);
    }

    public string Root { get; }
    public string LogDirectory => Path.Combine(Root, "logs");

    public AppHostDependencies Dependencies { get; private set; } = null!;
    /// <summary>The Redis both API instances share (limits, status cache); the suite kills and restarts it.</summary>
    public RedisProcess? Redis { get; private set; }
    public IReadOnlyList<ServiceInstance> Apis => _apis;
    public IReadOnlyList<ServiceInstance> Processing => _processing;
    public IEnumerable<ServiceInstance> Services => _apis.Concat(_processing);

    public string OwnerConnectionString => Dependencies.ConnectionStringFor(Database);
    public bool EmulatorPaused { get; private set; }

    public async Task StartAsync(CancellationToken ct)
    {
        Dependencies = await AppHostDependencies.StartAsync(Path.Combine(Root, "state"), ct: ct);
        await Dependencies.CreateDatabaseIfMissingAsync(Database, ct);
        Redis = await RedisProcess.StartAsync();

        var env = ServiceEnvironment();
        for (var i = 1; i <= 2; i++) _apis.Add(new ServiceInstance($"api-{i}", "BuildPeer.Api", env, LogDirectory));
        for (var i = 1; i <= 3; i++) _processing.Add(new ServiceInstance($"processing-{i}", "BuildPeer.Processing", env, LogDirectory));

        // The first API runs the migrations and creates the bucket and queues; the rest start together after it.
        var startTimeout = TimeSpan.FromSeconds(120);
        await _apis[0].StartAsync(startTimeout, ct);
        await Task.WhenAll(Services.Skip(1).Select(s => s.StartAsync(startTimeout, ct)));
    }

    /// <summary>What every instance gets (the brief's list): the dependencies, fast retries, a short visibility timeout, the reconciler.</summary>
    private Dictionary<string, string?> ServiceEnvironment() => new()
    {
        ["ConnectionStrings__uploadsdb"] = OwnerConnectionString,
        ["ConnectionStrings__clamd"] = Dependencies.ClamdConnectionString,
        ["ConnectionStrings__redis"] = Redis!.ConnectionString,
        ["Aws__ServiceUrl"] = Dependencies.AwsServiceUrl,
        ["Aws__Region"] = "us-east-1",
        ["Aws__AccessKeyId"] = "fault",
        ["Aws__SecretAccessKey"] = "fault",
        ["Storage__Bucket"] = Bucket,
        ["Storage__CreateBucket"] = "true",
        ["Messaging__UploadsQueue"] = Queue,
        ["Messaging__CreateQueues"] = "true",
        ["Messaging__S3EventsQueue"] = S3EventsQueue,
        ["Messaging__VisibilityTimeoutSeconds"] = VisibilityTimeoutSeconds.ToString(),
        ["Messaging__WaitTimeSeconds"] = "1",
        // The ledger counts handled envelopes from the inbox: keep them for the whole run.
        ["Messaging__KeepHandledEnvelopesFor"] = "02:00:00",
        // Envelopes sent but left in an outbox by a PostgreSQL restart are sent again within the drain window.
        ["Messaging__OutboxStaleAfter"] = "00:00:30",
        ["Messaging__RetryCooldowns__0"] = "00:00:01",
        ["Messaging__RetryCooldowns__1"] = "00:00:02",
        ["Messaging__RetryCooldowns__2"] = "00:00:05",
        ["Jwt__SigningKey"] = JwtKey,
        ["RateLimits__RequestsPerMinute"] = "100000",
        ["RateLimits__InitiationsPerMinute"] = "100000",
        ["Reconciler__StuckAfter"] = "00:00:20",
        // Not in the brief's list: the default (2 min) would make the drain wait for it; 20 s like StuckAfter.
        ["Reconciler__RequestedAfter"] = "00:00:20",
        ["Reconciler__Interval"] = "00:00:05",
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Redis killed (SIGKILL) and started again on the same port after <paramref name="down"/>: the API instances fall back, then reconnect.</summary>
    public async Task RestartRedisAsync(TimeSpan down, CancellationToken ct)
    {
        await Redis!.KillAsync();
        await Task.Delay(down, ct);
        await Redis.StartAgainAsync();
    }

    public AmazonSQSClient CreateSqsClient() => new(new BasicAWSCredentials("fault", "fault"), new AmazonSQSConfig
    {
        ServiceURL = Dependencies.AwsServiceUrl,
        AuthenticationRegion = "us-east-1",
        UseHttp = true,
        Timeout = TimeSpan.FromSeconds(40),
    });

    private AmazonSQSClient? _s3Notifier;
    private string? _s3EventsUrl;

    /// <summary>The ObjectCreated notification S3 sends after a PUT (S3's own format, key URL-encoded), on the s3-events queue.</summary>
    public async Task NotifyObjectCreatedAsync(string key, long size, CancellationToken ct)
    {
        _s3Notifier ??= CreateSqsClient();
        _s3EventsUrl ??= (await _s3Notifier.GetQueueUrlAsync(S3EventsQueue, ct)).QueueUrl;
        var notification = System.Text.Json.JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1", eventSource = "aws:s3", awsRegion = "us-east-1", eventName = "ObjectCreated:Put",
                    eventTime = DateTime.UtcNow.ToString("O"),
                    s3 = new { bucket = new { name = Bucket }, @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/"), size, eTag = "fault-suite" } },
                },
            },
        });
        await _s3Notifier.SendMessageAsync(_s3EventsUrl, notification, ct);
    }

    public async Task<NpgsqlConnection> OpenOwnerConnectionAsync(CancellationToken ct)
    {
        var conn = new NpgsqlConnection(OwnerConnectionString + ";Pooling=false;Timeout=5");
        await conn.OpenAsync(ct);
        return conn;
    }

    /// <summary>
    /// PostgreSQL stopped through the AppHost (fast shutdown), a pause, and started again on the same data folder; the
    /// services keep the same address (DCP's proxy).
    /// </summary>
    public Task RestartPostgresAsync(TimeSpan downtime, CancellationToken ct) =>
        Dependencies.RestartAsync(AppHostDependencies.Postgres, downtime, ct);

    private int _pausedEmulatorPid;

    public void PauseEmulator()
    {
        _pausedEmulatorPid = Dependencies.PidOf(AppHostDependencies.Aws);
        EmulatorPaused = true;
        PosixSignals.Stop(_pausedEmulatorPid);
    }

    public void ResumeEmulator()
    {
        PosixSignals.Continue(_pausedEmulatorPid);
        EmulatorPaused = false;
    }

    /// <summary>The last lines of every log, for a failure report.</summary>
    public string LogTails(int lines = 40)
    {
        var report = new StringBuilder();
        foreach (var service in Services)
            report.Append("==== ").Append(service.Name).Append(" (").Append(service.LogPath).AppendLine(")").AppendLine(service.Tail(lines));
        return report.ToString();
    }

    /// <summary>Deletes the temp folder (logs, database files) unless asked to keep it.</summary>
    public bool KeepFiles { get; set; }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (EmulatorPaused) ResumeEmulator();
        var errors = new List<Exception>();
        async Task Try(Func<ValueTask> stop)
        {
            try { await stop(); }
            catch (Exception e) { errors.Add(e); }
        }
        await Task.WhenAll(Services.Select(s => Try(s.DisposeAsync)));
        if (Redis is not null) await Try(Redis.DisposeAsync);
        if (Dependencies is not null) await Try(Dependencies.DisposeAsync);
        if (!KeepFiles)
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* leave it */ }
        }
        if (errors.Count > 0) throw new AggregateException("Stopping the fault cluster", errors);
    }
}
