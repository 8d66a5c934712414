using System.Collections.Concurrent;
using System.Diagnostics;
using BuildPeer.Hosting.Local;

namespace BuildPeer.Hosting.Orchestration;

/// <summary>
/// The <c>run</c> command: resolves parameters and ports, starts the resources in dependency order (in parallel where
/// nothing is waited for), prints their status, and on SIGINT/SIGTERM stops them by PID, services before what they use.
/// </summary>
public sealed class LocalOrchestrator(DistributedApplication app, TextWriter output)
{
    public const string ReadyMessage = "Everything is running and healthy";

    private readonly TextWriter _output = TextWriter.Synchronized(output);
    private readonly ConcurrentDictionary<Resource, RunningResource> _running = new();
    private volatile bool _stopping;

    public string StateDirectory { get; } = Path.GetFullPath(app.ExecutionContext.Options.StateDirectory ?? RepositoryPaths.StateDirectory);

    /// <summary>Decides what runs, gives parameters their values and endpoints their ports; starts nothing.</summary>
    public RunPlan Prepare()
    {
        var plan = RunPlan.Create(app.Model);
        ParameterValues.Resolve(app.Model, app.ExecutionContext, new SecretStore(Path.Combine(StateDirectory, "secrets.json")));
        new PortAllocator(app.ExecutionContext.Options.FreePorts, _output).Allocate(plan.ToStart);
        return plan;
    }

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        using var signal = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, signal.Token);
        _output.WriteLine($"BuildPeer AppHost: run, state in {StateDirectory}");

        RunPlan plan;
        try
        {
            plan = Prepare();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            _output.WriteLine("error: " + e.Message);
            return 1;
        }
        DescribeChoices(plan);

        var echo = new ServiceLogEcho(_output, plan.ToStart.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        var context = new LaunchContext(app.ExecutionContext, StateDirectory, echo);
        Directory.CreateDirectory(context.LogsDirectory);

        AppDomain.CurrentDomain.UnhandledException += KillChildren;
        try
        {
            if (!await StartAllAsync(plan, context, stop.Token))
                return signal.Received is not null || ct.IsCancellationRequested ? 0 : 1;
            await WriteStatusAsync(plan, context, clock.Elapsed, stop.Token);

            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { /* asked to stop */ }
            _output.WriteLine($"Stopping ({signal.Received?.ToString() ?? "cancelled"}): services first, then what they use.");
            return 0;
        }
        finally
        {
            await StopAllAsync(plan);
            PidFile.Delete(StateDirectory);
            AppDomain.CurrentDomain.UnhandledException -= KillChildren;
            _output.WriteLine("Stopped.");
        }
    }

    // Last resort if the AppHost itself crashes: the children live in sessions of their own and would outlive it.
    private void KillChildren(object? sender, UnhandledExceptionEventArgs e)
    {
        foreach (var running in _running.Values) PosixSignals.Kill(running.Pid);
    }

    private void DescribeChoices(RunPlan plan)
    {
        foreach (var resource in plan.Existing) _output.WriteLine($"  {resource.Name}: existing, from {resource.Existing!.Source}; not started");
        foreach (var resource in plan.Unused) _output.WriteLine($"  {resource.Name}: not started, nothing uses it in this run");
    }

    private async Task<bool> StartAllAsync(RunPlan plan, LaunchContext context, CancellationToken stopToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        var tasks = new Dictionary<Resource, Task>();
        foreach (var resource in plan.StartOrder())
            tasks[resource] = StartOneAsync(resource, plan.StartAfter(resource).Select(r => tasks[r]).ToArray(), context, abort);
        try
        {
            await Task.WhenAll(tasks.Values);
            return true;
        }
        catch (Exception)
        {
            return false; // reported by the resource that failed
        }
    }

    private async Task StartOneAsync(Resource resource, Task[] startAfter, LaunchContext context, CancellationTokenSource abort)
    {
        await Task.WhenAll(startAfter);
        abort.Token.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        _output.WriteLine($"  starting {resource.Name}");
        try
        {
            var running = await ResourceLauncher.StartAsync(resource, context, abort.Token);
            _running[resource] = running;
            _ = WatchAsync(running);
            _output.WriteLine($"  {resource.Name} is ready in {clock.Elapsed.TotalSeconds:0.0} s: {running.Endpoint}, pid {running.Pid}");
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            _output.WriteLine($"error: {resource.Name} did not start: {e.Message}");
            abort.Cancel();
            throw;
        }
    }

    private async Task WatchAsync(RunningResource running)
    {
        try
        {
            await running.Process.WaitForExitAsync();
        }
        catch (Exception)
        {
            return; // disposed while stopping
        }
        if (_stopping) return;
        _output.WriteLine($"warning: {running.Resource.Name} (pid {running.Pid}) exited unexpectedly with code {running.Process.ExitCode}. " +
                          $"Its log, {running.Process.LogPath}, ends with:\n{running.Process.Tail(10)}");
    }

    private async Task StopAllAsync(RunPlan plan)
    {
        _stopping = true;
        var order = plan.StartOrder();
        var tasks = new Dictionary<Resource, Task>();
        foreach (var resource in order.Reverse())
        {
            var dependents = order.Where(r => plan.DependenciesOf(r).Contains(resource)).Select(r => tasks[r]).ToArray();
            tasks[resource] = StopOneAsync(resource, dependents);
        }
        await Task.WhenAll(tasks.Values);
    }

    private async Task StopOneAsync(Resource resource, Task[] dependents)
    {
        await Task.WhenAll(dependents);
        if (!_running.TryRemove(resource, out var running)) return;
        var clock = Stopwatch.StartNew();
        try
        {
            await running.StopAsync();
            _output.WriteLine($"  stopped {resource.Name} (pid {running.Pid}) in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception e)
        {
            _output.WriteLine($"warning: {resource.Name} (pid {running.Pid}) did not stop cleanly: {e.Message}");
        }
    }

    private async Task WriteStatusAsync(RunPlan plan, LaunchContext context, TimeSpan startup, CancellationToken ct)
    {
        var rows = new List<StatusTable.Row>();
        var allHealthy = true;
        foreach (var resource in app.Model.Resources.Where(r => r is not ParameterResource))
        {
            if (_running.TryGetValue(resource, out var running))
            {
                var health = running.HealthUrl is null ? "ready" : await HealthProbe.DescribeAsync(running.HealthUrl, ct);
                allHealthy &= running.HealthUrl is null || health.StartsWith("Healthy", StringComparison.Ordinal);
                var state = running.Process.HasExited ? $"Exited ({running.Process.ExitCode})" : "Running";
                allHealthy &= !running.Process.HasExited;
                rows.Add(new(resource.Name, state, running.Endpoint, running.Pid.ToString(), health));
            }
            else if (resource.Existing is { } existing)
                rows.Add(new(resource.Name, "Existing", existing.Value is { } value && resource is FauxqsResource ? value : "from " + existing.Source, "-", "-"));
            else if (resource is PostgresDatabaseResource database)
                rows.Add(new(resource.Name, _running.ContainsKey(database.Parent) ? "Running" : "-", $"database on {database.Parent.Name}", "-", "-"));
            else if (plan.Unused.Contains(resource))
                rows.Add(new(resource.Name, "Not started", "(not used)", "-", "-"));
        }

        _output.WriteLine();
        StatusTable.Write(_output, rows);
        _output.WriteLine();
        _output.WriteLine($"Logs: {context.LogsDirectory}/<resource>.log");
        foreach (var note in app.RunNotes) _output.WriteLine(note());
        var children = plan.StartOrder().Select(r => _running[r]).ToList();
        PidFile.Write(StateDirectory, children);
        _output.WriteLine(PidFile.Line(children));
        _output.WriteLine(allHealthy
            ? $"{ReadyMessage} (started in {startup.TotalSeconds:0.0} s). Press Ctrl+C to stop."
            : $"Started in {startup.TotalSeconds:0.0} s, but not everything is healthy (see HEALTH above). Press Ctrl+C to stop.");
    }
}
