using System.Runtime.InteropServices;
using Npgsql;

namespace BuildPeer.Hosting.Local;

/// <summary>
/// A PostgreSQL cluster in a folder of ours (initdb once, then postgres in the foreground as our child),
/// bound to 127.0.0.1 only. As root, the server runs as the 'postgres' OS user, which PostgreSQL requires:
/// through setpriv, which execs in place, so <see cref="Pid"/> is the postmaster itself and signals reach it
/// directly (runuser would fork, and SIGKILL the server 2 s after forwarding a SIGTERM).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly LocalProcess _process;

    private PostgresServer(LocalProcess process, int port, string password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public int Port { get; }
    public string Password { get; }
    public int Pid => _process.Pid;
    public LocalProcess Process => _process;

    /// <summary>Owner (superuser) connection string without a database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password}";

    public string ConnectionStringFor(string database) => ConnectionString + ";Database=" + database;

    public static async Task<PostgresServer> StartAsync(string dataDirectory, int port, string password, CancellationToken ct = default,
        LocalProcessOptions? options = null)
    {
        var runAsRoot = Environment.UserName == "root";
        Directory.CreateDirectory(dataDirectory);
        var pgData = Path.Combine(dataDirectory, "pgdata");
        var socketDir = Path.Combine(dataDirectory, "socket");
        Directory.CreateDirectory(socketDir);
        if (runAsRoot) await ChownToPostgresAsync(dataDirectory, ct);

        if (!File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            var pwFile = Path.Combine(dataDirectory, "pwfile");
            await File.WriteAllTextAsync(pwFile, password, ct);
            if (runAsRoot) await ChownToPostgresAsync(pwFile, ct);
            await RunAsync(runAsRoot, "initdb", ["-D", pgData, "-U", "postgres", "--pwfile", pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], ct);
            File.Delete(pwFile);
        }

        var args = new List<string>
        {
            "-D", pgData, "-p", port.ToString(), "-k", socketDir, "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=300", "-c", "fsync=on", "-c", "shared_buffers=128MB",
        };
        var logPath = Path.Combine(dataDirectory, "postgres.log");
        var process = (runAsRoot, File.Exists(SetprivPath)) switch
        {
            (false, _) => LocalProcess.Start("postgres", "postgres", args, logPath, options: options),
            (true, true) => LocalProcess.Start("postgres", SetprivPath,
                ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", "postgres", .. args], logPath, options: options),
            (true, false) => LocalProcess.Start("postgres", "runuser", ["-u", "postgres", "--", "postgres", .. args], logPath, options: options),
        };
        var server = new PostgresServer(process, port, password);
        try
        {
            await process.WaitUntilReadyAsync(async token =>
            {
                await using var conn = new NpgsqlConnection(server.ConnectionString + ";Database=postgres;Timeout=2;Pooling=false");
                await conn.OpenAsync(token);
                return true;
            }, TimeSpan.FromSeconds(60), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ConnectionString + ";Database=postgres;Pooling=false");
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @n", conn);
        exists.Parameters.AddWithValue("n", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task RunAsync(bool asPostgres, string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var info = asPostgres
            ? new System.Diagnostics.ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", tool } }
            : new System.Diagnostics.ProcessStartInfo(tool);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }

    private static Task ChownToPostgresAsync(string path, CancellationToken ct) =>
        ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", path], ct);

    private const string SetprivPath = "/usr/bin/setpriv";

    /// <summary>Fast shutdown (SIGINT): open sessions are ended and the server checkpoints; SIGTERM would wait for every client to disconnect.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20), PosixSignal.SIGINT);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }
}
