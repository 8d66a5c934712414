using System.Collections.Concurrent;
using BuildPeer.TestSupport;

namespace BuildPeer.FaultTests.Infrastructure;

/// <summary>
/// Every PID this suite started and has not yet seen exit. If the test host goes away without running the
/// fixture's cleanup (killed by a runner's timeout, Ctrl+C), the exit hook continues stopped processes and
/// SIGKILLs them, so no PostgreSQL, emulator or service is left behind. Only our own PIDs, never by name.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, string> Alive = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    public static void Register(LocalProcess process) => Alive[process.Pid] = process.Name;

    public static void Exited(LocalProcess process) => Alive.TryRemove(process.Pid, out _);

    public static void KillAll()
    {
        foreach (var pid in Alive.Keys)
        {
            PosixSignals.Continue(pid);
            PosixSignals.Kill(pid);
            Alive.TryRemove(pid, out _);
        }
    }
}
