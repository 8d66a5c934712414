namespace BuildPeer.AppHost.Tests;

/// <summary>What /proc says about processes: alive or not, their descendants, who names a folder.</summary>
public static class ProcessTable
{
    public static bool IsAlive(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return false;
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie"));
        }
        catch (IOException)
        {
            return false; // exited while reading
        }
    }

    /// <summary>Every process below <paramref name="pid"/> now (children, their children, …), by PID with its command line.</summary>
    public static Dictionary<int, string> Descendants(int pid)
    {
        var parents = Pids().Select(p => (Pid: p, Parent: ParentOf(p))).ToList();
        var found = new Dictionary<int, string>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var child in parents.Where(p => p.Parent == current).Select(p => p.Pid))
            {
                if (found.TryAdd(child, CommandLine(child))) queue.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>
    /// Everything <paramref name="pid"/> started now: its descendants, and what DCP started for them. DCP detaches from
    /// the AppHost (its own session) and names the process it serves with <c>--monitor &lt;pid&gt;</c>; the resources are its children.
    /// </summary>
    public static Dictionary<int, string> StartedBy(int pid)
    {
        var found = Descendants(pid);
        found[pid] = CommandLine(pid);
        for (var grew = true; grew;)
        {
            grew = false;
            var monitors = Pids().Where(p => !found.ContainsKey(p))
                .Select(p => (Pid: p, Command: CommandLine(p)))
                .Where(p => found.Keys.Any(owner => p.Command.Contains($"--monitor {owner} ", StringComparison.Ordinal) || p.Command.EndsWith($"--monitor {owner}", StringComparison.Ordinal)))
                .ToList();
            foreach (var (monitor, command) in monitors)
            {
                found[monitor] = command;
                foreach (var (child, childCommand) in Descendants(monitor)) found[child] = childCommand;
                grew = true;
            }
        }
        found.Remove(pid);
        return found;
    }

    /// <summary>Processes whose command line names the folder (postgres -D, clamd -c, the AppHost's --state-dir): none may be left.</summary>
    public static List<string> ProcessesMentioning(string path) =>
        Pids().Select(CommandLine).Where(cmd => cmd.Contains(path, StringComparison.Ordinal)).ToList();

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0);

    private static int ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line[5..].Trim());
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
