using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BuildPeer.Processing.Tools.Rendering;

/// <summary>One running renderer process, asked one photo at a time by <see cref="Renderer"/>.</summary>
internal sealed class RendererProcess : IDisposable
{
    private const int MaxStderrChars = 4096;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private RendererProcess(Process process)
    {
        _process = process;
        // libvips' warnings: drained so the pipe never fills, the last few kept to explain a crash.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
                if (_stderr.Length > MaxStderrChars) _stderr.Remove(0, _stderr.Length - MaxStderrChars);
            }
        };
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static RendererProcess Start(RendererCommand command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C.UTF-8";
        return new RendererProcess(Process.Start(info) ?? throw new RendererCrashedException($"{command.FileName} did not start."));
    }

    /// <summary>Sends the request and waits for the reply; a null reply line means the process died.</summary>
    public async Task<RenderReply> AskAsync(RenderRequest request, CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(request).AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
        var line = await _process.StandardOutput.ReadLineAsync(ct);
        if (line is not null) return JsonSerializer.Deserialize<RenderReply>(line) ?? throw new InvalidDataException("The renderer answered nothing.");
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        throw new RendererCrashedException($"The renderer process died while rendering this file ({Describe()}). {LastError()}".Trim());
    }

    private string Describe()
    {
        if (!_process.HasExited) return "still running";
        // .NET reports a process killed by signal N as exit code 128 + N.
        var code = _process.ExitCode;
        return code > 128 ? $"killed by signal {code - 128}" : $"exit code {code}";
    }

    private string LastError()
    {
        lock (_stderr) return _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    /// <summary>Closing stdin ends an idle renderer; one that does not end promptly is killed.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) _process.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException) { /* already gone */ }
        _process.Dispose();
    }

    public void Kill()
    {
        try { _process.Kill(); } catch (InvalidOperationException) { }
    }
}
