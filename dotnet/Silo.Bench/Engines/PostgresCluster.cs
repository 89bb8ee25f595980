using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Silo.Testing;

namespace Silo.Bench.Engines;

/// <summary>
/// The PostgreSQL server the engines scenario measures against: one given by connection string, or a
/// throwaway cluster started through tests/postgres/cluster.sh on a free port and stopped afterwards.
/// Each measurement gets a database of its own, dropped once its servers have stopped.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string Script = "tests/postgres/cluster.sh";
    private readonly string _connectionString;
    private readonly string? _startedDir;

    private PostgresCluster(string connectionString, string? startedDir)
    {
        _connectionString = connectionString;
        _startedDir = startedDir;
    }

    /// <summary>Where it runs, for the report (no password: the throwaway cluster trusts loopback).</summary>
    public string Description => _startedDir is null ? "given by --postgres" : $"throwaway cluster in {_startedDir}";

    /// <param name="given">A connection string from <c>--postgres</c>, or null to start a cluster.</param>
    public static async Task<PostgresCluster> OpenAsync(string? given, CancellationToken ct)
    {
        if (given is not null) return new PostgresCluster(given, null);
        var dir = Path.Combine(Path.GetTempPath(), "silo-bench-pg-" + Guid.NewGuid().ToString("N"));
        var output = await RunScriptAsync(ct, "start", dir, FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var connectionString = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        return new PostgresCluster(connectionString, dir);
    }

    /// <summary>A database of its own for one measurement, dropped when disposed.</summary>
    public Task<ScratchPostgresDatabase> CreateDatabaseAsync(CancellationToken ct) =>
        ScratchPostgresDatabase.CreateAsync(_connectionString, ct);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_startedDir is not null) await RunScriptAsync(CancellationToken.None, "stop", _startedDir);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunScriptAsync(CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, Script));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Script}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Script} {args[0]} exited with {process.ExitCode}: {(await stderr).Trim()}");
        return await stdout;
    }
}
