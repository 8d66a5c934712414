namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>
/// The renderer process died while it held a photo (a crash in libvips, the OOM killer, a kill). Processing itself
/// is unharmed; the message is retried like any transient failure, and a file that kills the renderer every time
/// runs out of retries and is dead-lettered.
/// </summary>
public sealed class RendererCrashedException(string message) : Exception(message);
