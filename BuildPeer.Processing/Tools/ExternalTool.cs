using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace BuildPeer.Processing.Tools;

/// <summary>
/// Runs a command-line tool with an argument list (never through a shell), captures its output and
/// kills its whole process tree if it runs past the timeout or the caller cancels.
/// </summary>
public static class ExternalTool
{
    // Broken inputs can make poppler or libvips print a warning per object; keep enough to explain the failure.
    private const int MaxCapturedChars = 64 * 1024;

    public static async Task<ExternalToolResult> RunAsync(
        string tool, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // Tool messages are parsed in places; keep them in one language.
        info.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolException(tool, null, $"could not start: {e.Message}", e);
        }
        process.StandardInput.Close();

        var stdout = CaptureAsync(process.StandardOutput);
        var stderr = CaptureAsync(process.StandardError);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(stdout, stderr).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new ExternalToolTimeoutException(tool, timeout, await TextSoFarAsync(stderr));
        }

        var result = new ExternalToolResult(tool, await stdout, await stderr, stopwatch.Elapsed);
        if (process.ExitCode != 0) throw new ExternalToolException(tool, process.ExitCode, result.Stderr);
        return result;
    }

    private static async Task<string> CaptureAsync(StreamReader reader)
    {
        var captured = new StringBuilder();
        var buffer = new char[4096];
        int read;
        // Keep draining past the cap so the child never blocks on a full pipe.
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            var room = MaxCapturedChars - captured.Length;
            if (room > 0) captured.Append(buffer, 0, Math.Min(read, room));
        }
        return captured.ToString();
    }

    private static async Task<string> TextSoFarAsync(Task<string> capture)
    {
        try { return await capture.WaitAsync(TimeSpan.FromSeconds(1)); }
        catch (TimeoutException) { return ""; }
    }
}
