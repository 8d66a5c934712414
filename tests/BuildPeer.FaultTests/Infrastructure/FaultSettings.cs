using System.Globalization;
using System.Reflection;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>
/// The suite's knobs, from environment variables so the same test runs small in CI and large by hand:
/// BUILDPEER_FAULT_UPLOADS (default 200), BUILDPEER_FAULT_SEED (default: random, printed),
/// BUILDPEER_FAULT_CLIENTS (concurrent clients, default 6), BUILDPEER_FAULT_DRAIN_SECONDS (how long to wait for
/// every upload to settle after the last fault, default 240), BUILDPEER_FAULT_KEEP_LOGS=1 (keep the temp folder
/// with every process's log even when the run passes).
/// </summary>
public sealed record FaultSettings
{
    public int Uploads { get; init; } = 200;
    public int Seed { get; init; }
    public int Clients { get; init; } = 6;
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(240);
    public bool KeepLogs { get; init; }

    /// <summary>The client batch is paced over at least this long, so faults land while work is in flight.</summary>
    public TimeSpan BatchDuration => TimeSpan.FromSeconds(Math.Max(60, Uploads * 0.2));

    /// <summary>The processes run from bin/&lt;this&gt;/net10.0, the configuration this test was built with.</summary>
    public static string Configuration { get; } = typeof(FaultSettings).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    public static FaultSettings FromEnvironment() => new()
    {
        Uploads = Int("BUILDPEER_FAULT_UPLOADS") ?? 200,
        Seed = Int("BUILDPEER_FAULT_SEED") ?? Random.Shared.Next(1, 1_000_000),
        Clients = Int("BUILDPEER_FAULT_CLIENTS") ?? 6,
        Drain = TimeSpan.FromSeconds(Int("BUILDPEER_FAULT_DRAIN_SECONDS") ?? 240),
        KeepLogs = Environment.GetEnvironmentVariable("BUILDPEER_FAULT_KEEP_LOGS") is "1" or "true",
    };

    private static int? Int(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
