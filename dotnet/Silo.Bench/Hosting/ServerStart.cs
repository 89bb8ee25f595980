namespace Silo.Bench.Hosting;

/// <summary>
/// How a scenario gets the server it measures: <see cref="BenchServer.StartAsync"/> for SQLite, or
/// one or several instances over a fresh PostgreSQL database (Engines/).
/// </summary>
/// <param name="settings">The scenario's own server switches, e.g. <c>--session-ttl 24:00</c>.</param>
internal delegate Task<BenchServer> ServerStart(CancellationToken ct, params string[] settings);
