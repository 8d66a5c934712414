using System.Runtime.InteropServices;

namespace BuildPeer.TestSupport;

public static partial class PosixSignals
{
    // Linux signal numbers; .NET's PosixSignal enum values are not the raw numbers.
    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGTERM => 15,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    public static void Send(int pid, PosixSignal signal) => _ = kill(pid, Number(signal));

    /// <summary>SIGSTOP / SIGCONT / SIGKILL for fault injection.</summary>
    public static void Stop(int pid) => _ = kill(pid, 19);
    public static void Continue(int pid) => _ = kill(pid, 18);
    public static void Kill(int pid) => _ = kill(pid, 9);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
