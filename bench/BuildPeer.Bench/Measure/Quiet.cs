using System.Diagnostics;

namespace BuildPeer.Bench.Measure;

/// <summary>
/// Waits until services stop working on their own after a warm-up: .NET's tiered JIT recompiles hot methods in the
/// background for seconds after a burst (perf showed a quarter of the API's CPU in libclrjit during a measured run
/// that started 5 s after its warm-up), and a measurement should count the steady state, not that one-off.
/// </summary>
public static class Quiet
{
    /// <summary>Polls each second until every process used at most <paramref name="coreShare"/> of a core; returns the seconds waited.</summary>
    public static async Task<double> WaitAsync(IReadOnlyList<Watched> processes, CancellationToken ct, double coreShare = 0.04, double maxSeconds = 60)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var before = processes.Select(p => ProcStats.Cpu(p.Pid).Self).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var busiest = processes.Select((p, i) => ProcStats.Cpu(p.Pid).Self - before[i]).Max();
            if (busiest <= coreShare || waited.Elapsed.TotalSeconds >= maxSeconds) return waited.Elapsed.TotalSeconds;
        }
    }
}
