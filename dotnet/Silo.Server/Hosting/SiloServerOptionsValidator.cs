using Microsoft.Extensions.Options;
using static Silo.Server.Hosting.SiloServerOptions;

namespace Silo.Server.Hosting;

/// <summary>
/// The values the server cannot run with. Each failure names the setting's key and the value given,
/// since the operator reads it alone (Program prints it and exits 2).
/// </summary>
public sealed class SiloServerOptionsValidator : IValidateOptions<SiloServerOptions>
{
    /// <summary>The longest period a .NET timer accepts (2^32 - 2 ms, about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerPeriod = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    public ValidateOptionsResult Validate(string? name, SiloServerOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.DataDir))
            failures.Add($"Setting {Keys.DataDir} must name a directory, got '{options.DataDir}'.");
        if (options.KeysDir is { } keys && File.Exists(keys))
            failures.Add($"Setting {Keys.KeysDir} must name a directory, got the file '{keys}'.");
        if (Storage.DatabaseSetting.IsPostgres(options.Database) && Storage.DatabaseSetting.ToConnectionString(options.Database, out var error) is null)
            failures.Add($"Setting {Keys.Database} must be empty (SQLite in the data directory) or a PostgreSQL connection string "
                + $"such as Host=db;Database=silo;Username=silo or postgres://silo@db/silo, got '{Storage.DatabaseSetting.Masked(options.Database)}': {error}.");
        Number(failures, Keys.MaxUploadBytes, options.MaxUploadBytes);
        Number(failures, Keys.MaxJsonBytes, options.MaxJsonBytes);
        Positive(failures, Keys.LockTtl, options.LockTtl);
        Positive(failures, Keys.EventRetention, options.EventRetention);
        Positive(failures, Keys.KeepAlive, options.KeepAlive);
        Positive(failures, Keys.MaintenanceInterval, options.MaintenanceInterval, MaxTimerPeriod);
        Positive(failures, Keys.SessionTtl, options.SessionTtl);
        Positive(failures, Keys.CheckpointTtl, options.CheckpointTtl);
        Positive(failures, Keys.UrlTtl, options.UrlTtl);
        Positive(failures, Keys.BlobGrace, options.BlobGrace);
        Positive(failures, Keys.WebSessionTtl, options.WebSessionTtl);
        Positive(failures, Keys.EventCatchUp, options.EventCatchUp, MaxTimerPeriod);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, Duration value, TimeSpan? max = null)
    {
        if (value.Value > TimeSpan.Zero && (max is null || value.Value <= max)) return;
        var limit = max is { } m ? $" of at most {m.TotalDays:0.#} days" : "";
        failures.Add($"Setting {key} must be a positive duration{limit} such as 24:00:00, got '{value}'.");
    }

    private static void Number(List<string> failures, string key, long value)
    {
        if (value <= 0) failures.Add($"Setting {key} must be a positive whole number, got '{value}'.");
    }
}
