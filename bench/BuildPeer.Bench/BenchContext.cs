using BuildPeer.Bench.Client;
using BuildPeer.Bench.Inputs;
using BuildPeer.Bench.Reporting;
using BuildPeer.Bench.Stack;

namespace BuildPeer.Bench;

/// <summary>The sizes of one run: the (full) or small ones CI can run in a few minutes (--quick).</summary>
public sealed record BenchSizes
{
    public required bool Quick { get; init; }
    public required int[] InitiationConcurrency { get; init; }
    public required int InitiationsPerLevel { get; init; }
    public required int InitiationWarmup { get; init; }
    public required int RawInsertSeconds { get; init; }
    public required int BytePhotos { get; init; }
    public required int ByteConcurrency { get; init; }
    public required int PipelinePhotos { get; init; }
    public required int PipelinePdfs { get; init; }
    public required int PdfPages { get; init; }
    public required int PeerSample { get; init; }
    /// <summary>Photos per block of the interleaved pipeline / raw tools / peers run.</summary>
    public required int PipelineBlock { get; init; }
    public required int IdleSamples { get; init; }
    public required int SpikeUploads { get; init; }
    public required int SpikeWindowSeconds { get; init; }
    public required int SpikeTransfers { get; init; }
    public required TimeSpan SpikeDeadline { get; init; }
    public required long LargePdfBytes { get; init; }
    public required int SourceImages { get; init; }
    /// <summary>
    /// Files in flight at once for the raw tools and the peers: the same as the pipeline's handlers
    /// (Messaging:MaxConcurrentHandlers, default 4), on the same cores.
    /// </summary>
    public int ToolParallelism { get; init; } = 4;

    /// <summary>Seconds of quiet before the byte benchmark, to measure each service's idle CPU.</summary>
    public int IdleSeconds => Quick ? 3 : 10;

    public static BenchSizes Full => new()
    {
        Quick = false,
        InitiationConcurrency = [4, 16, 64],
        InitiationsPerLevel = 3000,
        InitiationWarmup = 1000,
        RawInsertSeconds = 10,
        BytePhotos = 200,
        ByteConcurrency = 4,
        PipelinePhotos = 500,
        PipelinePdfs = 50,
        PdfPages = 20,
        PeerSample = 100,
        PipelineBlock = 100,
        IdleSamples = 3,
        SpikeUploads = 2000,
        SpikeWindowSeconds = 60,
        SpikeTransfers = 16,
        SpikeDeadline = TimeSpan.FromMinutes(60),
        LargePdfBytes = 100_000_000,
        SourceImages = 12,
    };

    public static BenchSizes QuickSizes => new()
    {
        Quick = true,
        InitiationConcurrency = [8],
        InitiationsPerLevel = 200,
        InitiationWarmup = 50,
        RawInsertSeconds = 3,
        BytePhotos = 20,
        ByteConcurrency = 4,
        PipelinePhotos = 10,
        PipelinePdfs = 2,
        PdfPages = 20,
        PeerSample = 6,
        PipelineBlock = 10,
        IdleSamples = 1,
        SpikeUploads = 60,
        SpikeWindowSeconds = 10,
        SpikeTransfers = 8,
        SpikeDeadline = TimeSpan.FromMinutes(3),
        LargePdfBytes = 20_000_000,
        SourceImages = 3,
    };

    public int PhotosNeeded => Math.Max(Math.Max(BytePhotos, PipelinePhotos), Math.Min(SpikeUploads, PipelinePhotos));
}

public sealed class BenchContext
{
    public required BenchStack Stack { get; init; }
    public required BenchApi Api { get; init; }
    public required BenchTenant Tenant { get; init; }
    public required InputSet Inputs { get; init; }
    public required BenchSizes Sizes { get; init; }
    public required Report Report { get; init; }
    public required CancellationToken Ct { get; init; }

    /// <summary>Figures other benchmarks need (e.g. the memory table gathers peaks from the pipeline and spike runs).</summary>
    public Dictionary<string, object> Shared { get; } = new();

    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
