using System.Collections.Concurrent;
using System.Diagnostics;

namespace BuildPeer.Bench.Measure;

/// <summary>Thread-safe list of durations in milliseconds with nearest-rank percentiles.</summary>
public sealed class Latencies
{
    private readonly ConcurrentBag<double> _values = new();

    public void Add(double milliseconds) => _values.Add(milliseconds);

    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await call();
        Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    public int Count => _values.Count;

    public double P(double percentile) => Percentile(_values.ToArray(), percentile);

    public double Max => _values.IsEmpty ? double.NaN : _values.Max();

    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static Latencies Merge(params Latencies[] parts)
    {
        var all = new Latencies();
        foreach (var p in parts)
            foreach (var v in p._values) all.Add(v);
        return all;
    }
}

/// <summary>CPU seconds used by a set of processes between construction and <see cref="Stop"/>, plus wall time.</summary>
public sealed class CpuMeter
{
    private readonly Dictionary<string, (int Pid, CpuTimes Start)> _start;
    private readonly (double Busy, double Total) _machineStart = ProcStats.MachineCpu();
    private readonly long _wallStart = Stopwatch.GetTimestamp();

    public CpuMeter(IEnumerable<Watched> watched) =>
        _start = watched.ToDictionary(w => w.Name, w => (w.Pid, ProcStats.Cpu(w.Pid)));

    public CpuReading Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        var machine = ProcStats.MachineCpu();
        var used = _start.ToDictionary(kv => kv.Key, kv => ProcStats.Cpu(kv.Value.Pid) - kv.Value.Start);
        return new CpuReading(wall, used, machine.Busy - _machineStart.Busy, machine.Total - _machineStart.Total);
    }
}

public sealed record CpuReading(double WallSeconds, Dictionary<string, CpuTimes> Used, double MachineBusySeconds, double MachineTotalSeconds)
{
    public double Self(string name) => Used.TryGetValue(name, out var t) ? t.Self : double.NaN;
    public double Children(string name) => Used.TryGetValue(name, out var t) ? t.Children : double.NaN;

    /// <summary>Share of the whole machine (all cores) that was busy, with everyone's work (other engineers' too).</summary>
    public double MachineBusyShare => MachineTotalSeconds > 0 ? MachineBusySeconds / MachineTotalSeconds : double.NaN;
}
