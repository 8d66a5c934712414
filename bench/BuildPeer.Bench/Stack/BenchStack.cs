using Amazon.S3;
using BuildPeer.Bench.Measure;
using BuildPeer.TestSupport;
using Amazon.SQS;
using Amazon.SQS.Model;
using BuildPeer.Messaging;
using BuildPeer.ServiceDefaults.Aws;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildPeer.Bench.Stack;

/// <summary>
/// Everything a benchmark run needs, co-located on this machine: PostgreSQL, fauxqs (S3+SQS) and clamd
/// started by the AppHost's dependencies-only mode (Aspire.Hosting.Testing) in a temporary state folder, then the API and
/// the bench's proxy (the old architecture) as separate processes; Processing is started later, when the
/// pipeline benchmarks begin, so the initiation and byte benchmarks measure the API alone.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    public const string Database = "uploadsdb";
    public const string Bucket = "buildpeer-bench";
    public const string Queue = "buildpeer-bench-uploads";
    public const string Region = "us-east-1";

    private BenchStack(string root) => Root = root;

    public string Root { get; }

    /// <summary>Keep the state folder (logs of every process) after a failed run.</summary>
    public bool KeepState { get; set; }
    public string LogDirectory => Path.Combine(Root, "logs");
    public AppHostDependencies Deps { get; private set; } = null!;
    public BenchPostgres Postgres { get; private set; } = null!;
    public DependencyProcess Fauxqs { get; private set; } = null!;
    public DependencyProcess Clamd { get; private set; } = null!;
    public ServiceProcess Api { get; private set; } = null!;
    public ServiceProcess Proxy { get; private set; } = null!;
    public ServiceProcess? Processing { get; private set; }
    public string JwtSigningKey { get; } = "bench-signing-key-" + Guid.NewGuid().ToString("N");
    public string OwnerConnectionString => Postgres.ConnectionStringFor(Database);
    public IAmazonS3 S3 { get; private set; } = null!;
    public ObjectStorage Storage { get; private set; } = null!;
    public IAmazonSQS Sqs { get; private set; } = null!;

    /// <summary>Every service process the harness started (they are its children, like the tools it runs itself).</summary>
    public IReadOnlyCollection<int> ServicePids =>
        new[] { Postgres.Pid, Fauxqs.Pid, Clamd.Pid, Api.Pid, Proxy.Pid }.Concat(Processing is { } p ? [p.Pid] : []).ToHashSet();

    public IEnumerable<Watched> Dependencies =>
    [
        new("postgres", Postgres.Pid), new("fauxqs", Fauxqs.Pid), new("clamd", Clamd.Pid),
    ];

    public static async Task<BenchStack> StartAsync(CancellationToken ct)
    {
        var root = Path.Combine(Path.GetTempPath(), "buildpeer-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var stack = new BenchStack(root);
        try
        {
            await stack.StartDependenciesAsync(ct);
            await stack.StartApiAsync(ct);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartDependenciesAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(LogDirectory);
        // Every upload is a new file in production; the raw-tools limit scans the pipeline's files a second time.
        Deps = await AppHostDependencies.StartAsync(Path.Combine(Root, "state"), clamdCache: false, ct);
        Postgres = new BenchPostgres(Deps);
        Fauxqs = new DependencyProcess(Deps.PidOf(AppHostDependencies.Aws), new Uri(Deps.AwsServiceUrl).Port, Deps.AwsServiceUrl);
        Clamd = new DependencyProcess(Deps.PidOf(AppHostDependencies.Clamd), new Uri(Deps.ClamdConnectionString).Port, Deps.ClamdConnectionString);
        await Postgres.CreateDatabaseIfMissingAsync(Database, ct);

        var aws = new AwsSettings { ServiceUrl = Fauxqs.ServiceUrl, Region = Region, AccessKeyId = "bench", SecretAccessKey = "bench" };
        S3 = AwsServiceCollectionExtensions.CreateS3Client(aws);
        Storage = new ObjectStorage(S3, aws, Options.Create(new StorageOptions { Bucket = Bucket }));
        Sqs = AwsServiceCollectionExtensions.CreateSqsClient(aws);
    }

    private Dictionary<string, string?> ServiceEnvironment() => new()
    {
        ["ConnectionStrings__uploadsdb"] = OwnerConnectionString,
        ["Aws__ServiceUrl"] = Fauxqs.ServiceUrl,
        ["Aws__Region"] = Region,
        ["Aws__AccessKeyId"] = "bench",
        ["Aws__SecretAccessKey"] = "bench",
        ["Storage__Bucket"] = Bucket,
        ["Storage__CreateBucket"] = "true",
        ["Messaging__UploadsQueue"] = Queue,
        ["Messaging__CreateQueues"] = "true",
        ["Jwt__SigningKey"] = JwtSigningKey,
        // The benchmark is one user driving thousands of requests a minute: the per-user limits would refuse it.
        ["RateLimits__RequestsPerMinute"] = "100000000",
        ["RateLimits__InitiationsPerMinute"] = "100000000",
        ["Logging__LogLevel__Default"] = "Warning",
        // The API runs from the repository's root: its web page (benchmark 6's browser client) is in the project's wwwroot.
        ["ASPNETCORE_WEBROOT"] = Path.Combine(RepositoryPaths.Root, "BuildPeer.Api", "wwwroot"),
    };

    private async Task StartApiAsync(CancellationToken ct)
    {
        Api = await ServiceProcess.StartAsync("api", BuiltDll("BuildPeer.Api"), [], FreePort.Next(), "/health",
            ServiceEnvironment(), LogDirectory, ct);
        var proxyEnv = ServiceEnvironment();
        Proxy = await ServiceProcess.StartAsync("proxy", typeof(BenchStack).Assembly.Location, [ProxyServer.Command],
            FreePort.Next(), "/alive", proxyEnv, LogDirectory, ct);
    }

    /// <summary>One more API process, with the same settings plus <paramref name="extra"/> (e.g. a Redis); the caller stops it.</summary>
    public Task<ServiceProcess> StartAnotherApiAsync(string name, IReadOnlyDictionary<string, string?> extra, CancellationToken ct)
    {
        var env = ServiceEnvironment();
        foreach (var (key, value) in extra) env[key] = value;
        return ServiceProcess.StartAsync(name, BuiltDll("BuildPeer.Api"), [], FreePort.Next(), "/health", env, LogDirectory, ct);
    }

    public async Task StartProcessingAsync(CancellationToken ct)
    {
        var env = ServiceEnvironment();
        env["ConnectionStrings__clamd"] = Clamd.ConnectionString;
        Processing = await ServiceProcess.StartAsync("processing", BuiltDll("BuildPeer.Processing"), [], FreePort.Next(), "/health",
            env, LogDirectory, ct);
    }

    public static string BuiltDll(string project)
    {
        var path = Path.Combine(RepositoryPaths.Root, project, "bin", "Release", "net10.0", project + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: build it first (bench/run does: dotnet build {project} -c Release).");
        return path;
    }

    /// <summary>Envelopes waiting in Wolverine's outboxes (the API's and Processing's schemas).</summary>
    public const string OutboxRowsSql = """
        select (select count(*) from wolverine_api.wolverine_outgoing_envelopes)
             + (select count(*) from wolverine_processing.wolverine_outgoing_envelopes)
        """;

    /// <summary>Pipeline envelopes in Processing's inbox (Wolverine keeps handled ones for 5 minutes; the table has no tenant column).</summary>
    public const string HandledRowsSql = """
        select count(*) from wolverine_processing.wolverine_incoming_envelopes
        where message_type like '%.ScanUpload' or message_type like '%.ProcessUpload'
        """;

    public async Task<long> ScalarAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var conn = new NpgsqlConnection(OwnerConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct) ?? 0L);
    }

    /// <summary>Messages waiting, in flight and delayed, in the uploads queue and in its dead-letter queue.</summary>
    public async Task<(long Visible, long InFlight, long Delayed, long DeadLetters)> QueueCountsAsync(CancellationToken ct)
    {
        List<string> names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"];
        var main = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = await UrlAsync(Queue, ct), AttributeNames = names }, ct);
        var dlq = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = await UrlAsync(Queue + "-dlq", ct), AttributeNames = names }, ct);
        return (main.ApproximateNumberOfMessages, main.ApproximateNumberOfMessagesNotVisible, main.ApproximateNumberOfMessagesDelayed,
            dlq.ApproximateNumberOfMessages + dlq.ApproximateNumberOfMessagesNotVisible);
    }

    private async Task<string> UrlAsync(string queue, CancellationToken ct) => (await Sqs.GetQueueUrlAsync(queue, ct)).QueueUrl;

    public async Task<long> QueueDepthAsync(CancellationToken ct) =>
        await Sqs.GetApproximateDepthAsync(await UrlAsync(Queue, ct), ct);

    /// <summary>
    /// Before Processing starts: waits for the API's outbox to hand every message to SQS, then empties the queue,
    /// so the pipeline benchmarks start with nothing left over from the initiation and byte benchmarks.
    /// </summary>
    public async Task DrainOutboxAndPurgeQueueAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (await ScalarAsync(OutboxRowsSql, ct) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The API's outbox did not drain within 5 minutes.");
            await Task.Delay(250, ct);
        }
        var url = await UrlAsync(Queue, ct);
        await Sqs.PurgeQueueAsync(url, ct);
        while (await Sqs.GetApproximateDepthAsync(url, ct) > 0)
        {
            // Fall back to receive-and-delete if the emulator's purge left anything.
            var messages = await Sqs.ReceiveAsync(url, 10, 0, 30, ct);
            if (messages.Count == 0) { await Task.Delay(200, ct); continue; }
            foreach (var m in messages) await Sqs.DeleteMessageAsync(url, m.ReceiptHandle, ct);
        }
    }

    /// <summary>fauxqs keeps objects in memory: benchmarks delete what they stored once it is measured.</summary>
    public Task<int> DeleteObjectsAsync(string prefix, CancellationToken ct) => Storage.DeletePrefixAsync(prefix, ct);

    public async ValueTask DisposeAsync()
    {
        // Services first (they hold connections), each by its own PID; then the dependencies, by the AppHost.
        foreach (var service in new[] { Processing, Proxy, Api })
        {
            if (service is null) continue;
            try { await service.DisposeAsync(); } catch (Exception e) { Console.Error.WriteLine($"stopping {service.Name}: {e.Message}"); }
        }
        if (Deps is not null) await Deps.DisposeAsync();
        S3?.Dispose();
        if (KeepState) return;
        try { Directory.Delete(Root, recursive: true); } catch (Exception) { /* leave it for inspection */ }
    }
}
