using System.Runtime.InteropServices;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>SIGINT (Ctrl+C) and SIGTERM as a cancellation token, instead of the runtime's default of exiting at once.</summary>
public sealed partial class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        // A shell starts background commands (`cmd &` in a script) with SIGINT ignored, and the runtime then leaves it
        // ignored; `kill -INT <pid>` must still stop the AppHost, so take the default back before registering.
        _ = signal(SigInt, SigDfl);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The signal received, once one was.</summary>
    public PosixSignal? Received { get; private set; }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        Received ??= context.Signal;
        _cts.Cancel();
    }

    private const int SigInt = 2;
    private const nint SigDfl = 0;

    [LibraryImport("libc")]
    private static partial nint signal(int signum, nint handler);

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cts.Dispose();
    }
}
