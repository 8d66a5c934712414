using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildPeer.TestSupport;

/// <summary>
/// PostgreSQL, the S3+SQS emulator and clamd, started by the AppHost itself in its dependencies-only mode
/// (<c>BuildPeer:DependenciesOnly=true</c>) through Aspire.Hosting.Testing, with their data in a folder of the caller's.
/// Tests, the fault suite and the benchmark run the API and Processing themselves against these.
/// </summary>
public sealed class AppHostDependencies : IAsyncDisposable
{
    public const string Postgres = "postgres", Aws = "aws", Clamd = "clamd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly DistributedApplication _app;

    private AppHostDependencies(DistributedApplication app, string postgres, string aws, string clamd)
    {
        _app = app;
        PostgresConnectionString = postgres;
        AwsServiceUrl = aws;
        ClamdConnectionString = clamd;
    }

    /// <summary>The owner's connection string to the <c>uploadsdb</c> database (the services create it on start-up).</summary>
    public string PostgresConnectionString { get; }
    public string AwsServiceUrl { get; }
    public string ClamdConnectionString { get; }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = database }.ConnectionString;

    /// <param name="clamdCache">False turns clamd's cache of clean files off, so a second scan of the same bytes costs what the first did (benchmarks).</param>
    public static async Task<AppHostDependencies> StartAsync(string stateDirectory, bool clamdCache = true, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuildPeer_AppHost>(
            ["BuildPeer:DependenciesOnly=true", $"BuildPeer:StateDir={stateDirectory}", $"BuildPeer:ClamdCache={clamdCache}"], timeout.Token);
        // The dependencies' own output (PostgreSQL logs everything to stderr) stays out of the test output unless it is a warning.
        builder.Services.AddLogging(logging => logging.AddFilter("BuildPeer.AppHost.Resources", LogLevel.Warning));
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var name in new[] { Postgres, Aws, Clamd }) await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            return new AppHostDependencies(app,
                (await app.GetConnectionStringAsync(Postgres, timeout.Token))!,
                (await app.GetConnectionStringAsync(Aws, timeout.Token))!,
                (await app.GetConnectionStringAsync(Clamd, timeout.Token))!);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @n", connection);
        exists.Parameters.AddWithValue("n", database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The PID of a dependency's process (for SIGSTOP/SIGCONT and kills in the fault suite).</summary>
    public int PidOf(string resource) =>
        _app.ResourceNotifications.TryGetCurrentState(resource, out var state)
        && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid) : throw new InvalidOperationException($"{resource} has no process now");

    /// <summary>Stops a dependency through the AppHost (as the dashboard's Stop does), waits, starts it again, and waits until it is healthy.</summary>
    public async Task RestartAsync(string resource, TimeSpan downtime, CancellationToken ct = default)
    {
        var commands = _app.Services.GetRequiredService<ResourceCommandService>();
        var stop = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, ct);
        if (!stop.Success) throw new InvalidOperationException($"stopping {resource}: {stop.Message}");
        await _app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, ct);
        await Task.Delay(downtime, ct);
        var start = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, ct);
        if (!start.Success) throw new InvalidOperationException($"starting {resource}: {start.Message}");
        // Right after the start command the resource's last snapshot can still be the stop's Exited: a wait that stops
        // on an unavailable resource would take that for a failed start (the fault suite failed so once). Wait for the
        // new run, then for its health, bounded.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(TimeSpan.FromMinutes(2));
        await _app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, bounded.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, bounded.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try { await _app.StopAsync(timeout.Token); }
        catch (OperationCanceledException) { /* DisposeAsync still stops what is left */ }
        await _app.DisposeAsync();
    }
}
