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

    private readonly Dictionary<string, Watched> _watched;

    public CpuMeter(IEnumerable<Watched> watched)
    {
        _watched = watched.ToDictionary(w => w.Name);
        var parents = _watched.Values.Any(w => w.Tree) ? ProcStats.ParentMap() : null;
        _start = _watched.Values.ToDictionary(w => w.Name, w => (w.Pid, Read(w, parents)));
    }

    /// <summary>
    /// The process's own times; for a tree, the children columns also hold every live descendant's times, so a
    /// descendant that exits between two readings moves from one term to the other without being lost.
    /// </summary>
    private static CpuTimes Read(Watched w, Dictionary<int, int>? parents)
    {
        var own = ProcStats.Cpu(w.Pid);
        if (!w.Tree || parents is null) return own;
        foreach (var child in ProcStats.Descendants(w.Pid, parents, w.Skip))
        {
            var c = ProcStats.Cpu(child);
            own = own with { ChildUser = own.ChildUser + c.User + c.ChildUser, ChildSystem = own.ChildSystem + c.System + c.ChildSystem };
        }
        return own;
    }

    public CpuReading Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_wallStart).TotalSeconds;
        var machine = ProcStats.MachineCpu();
        var parents = _watched.Values.Any(w => w.Tree) ? ProcStats.ParentMap() : null;
        var used = _start.ToDictionary(kv => kv.Key, kv => Read(_watched[kv.Key], parents) - kv.Value.Start);
        return new CpuReading(wall, used, machine.Busy - _machineStart.Busy, machine.Total - _machineStart.Total);
    }
}

public sealed record CpuReading(double WallSeconds, Dictionary<string, CpuTimes> Used, double MachineBusySeconds, double MachineTotalSeconds)
{
    public double Self(string name) => Used.TryGetValue(name, out var t) ? t.Self : double.NaN;
    public double Children(string name) => Used.TryGetValue(name, out var t) ? t.Children : double.NaN;
    public double Total(string name) => Used.TryGetValue(name, out var t) ? t.Total : double.NaN;

    /// <summary>Adds two readings of the same processes (blocks of an interleaved run).</summary>
    public static CpuReading operator +(CpuReading a, CpuReading b) => new(
        a.WallSeconds + b.WallSeconds,
        a.Used.Keys.Union(b.Used.Keys).ToDictionary(k => k, k =>
        {
            var x = a.Used.GetValueOrDefault(k);
            var y = b.Used.GetValueOrDefault(k);
            return new CpuTimes(x.User + y.User, x.System + y.System, x.ChildUser + y.ChildUser, x.ChildSystem + y.ChildSystem);
        }),
        a.MachineBusySeconds + b.MachineBusySeconds, a.MachineTotalSeconds + b.MachineTotalSeconds);

    public static CpuReading Empty { get; } = new(0, new Dictionary<string, CpuTimes>(), 0, 0);

    /// <summary>Share of the whole machine (all cores) that was busy, with everyone's work (other engineers' too).</summary>
    public double MachineBusyShare => MachineTotalSeconds > 0 ? MachineBusySeconds / MachineTotalSeconds : double.NaN;
}
