using System.Globalization;

namespace BuildPeer.Bench.Measure;

/// <summary>CPU seconds of one process: its own (user+system) and those of its children it has waited for (cutime+cstime).</summary>
public readonly record struct CpuTimes(double User, double System, double ChildUser, double ChildSystem)
{
    public double Self => User + System;
    public double Children => ChildUser + ChildSystem;
    public double Total => Self + Children;

    public static CpuTimes operator -(CpuTimes a, CpuTimes b) =>
        new(a.User - b.User, a.System - b.System, a.ChildUser - b.ChildUser, a.ChildSystem - b.ChildSystem);
}

/// <summary>Reads /proc: CPU times from /proc/&lt;pid&gt;/stat, RSS and its high-water mark from /proc/&lt;pid&gt;/status.</summary>
public static class ProcStats
{
    // /proc reports times in USER_HZ clock ticks, which is 100 on Linux whatever the kernel's HZ.
    private const double TicksPerSecond = 100.0;

    public static CpuTimes Cpu(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null) return default;
        // After "pid (comm)": index 0 is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
        return new CpuTimes(Ticks(fields[11]), Ticks(fields[12]), Ticks(fields[13]), Ticks(fields[14]));

        static double Ticks(string s) => long.Parse(s, CultureInfo.InvariantCulture) / TicksPerSecond;
    }

    /// <summary>Whole-machine CPU seconds (all cores, busy and idle) from /proc/stat, to show how busy the box was.</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        var line = File.ReadLines("/proc/stat").First(); // "cpu  user nice system idle iowait irq softirq steal ..."
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture) / TicksPerSecond).ToArray();
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }

    public static long RssKb(int pid) => StatusField(pid, "VmRSS:");
    public static long PeakRssKb(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux ≥ 4.0), so a phase's peak is its own.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static int ParentOf(int pid)
    {
        var fields = StatFields(pid);
        return fields is null ? -1 : int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Every live process's parent, from one pass over /proc.</summary>
    public static Dictionary<int, int> ParentMap()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var p)) continue;
            var parent = ParentOf(p);
            if (parent > 0) parents[p] = parent;
        }
        return parents;
    }

    /// <summary>All live descendants of <paramref name="pid"/> (children, grandchildren...), leaving out the subtrees of <paramref name="skip"/>.</summary>
    public static List<int> Descendants(int pid, Dictionary<int, int>? parentMap = null, IReadOnlyCollection<int>? skip = null)
    {
        var parents = parentMap ?? ParentMap();
        var result = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent != current || skip?.Contains(child) == true) continue;
                result.Add(child);
                frontier.Enqueue(child);
            }
        }
        return result;
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return text[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // exited
        }
    }

    private static long StatusField(int pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
                var value = line[name.Length..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
