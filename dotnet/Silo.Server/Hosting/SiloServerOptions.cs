namespace Silo.Server.Hosting;

/// <summary>
/// Server settings. Each one is a command-line switch (<c>--data-dir</c>) and an environment
/// variable with the <c>SILO_</c> prefix (<c>SILO_DATA_DIR</c>); both land on the same key.
/// </summary>
public sealed record SiloServerOptions
{
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--data-dir"] = "DATA_DIR",
        ["--lock-ttl"] = "LOCK_TTL",
        ["--max-upload-bytes"] = "MAX_UPLOAD_BYTES",
        ["--max-json-bytes"] = "MAX_JSON_BYTES",
        ["--event-retention"] = "EVENT_RETENTION",
        ["--keep-alive"] = "KEEP_ALIVE",
        ["--maintenance-interval"] = "MAINTENANCE_INTERVAL",
        ["--session-ttl"] = "SESSION_TTL",
        ["--checkpoint-ttl"] = "CHECKPOINT_TTL",
        ["--url-ttl"] = "URL_TTL",
        ["--blob-grace"] = "BLOB_GRACE",
        ["--web-session-ttl"] = "WEB_SESSION_TTL",
    };

    public string DataDir { get; init; } = "./silo-data";

    /// <summary>How long a check-out lock lives unless released (spec default: 24 h).</summary>
    public TimeSpan LockTtl { get; init; } = TimeSpan.FromHours(24);

    public long MaxUploadBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    public long MaxJsonBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Events older than this are pruned; a client resuming before them must re-sync.</summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Interval of SSE comment lines that keep proxies from closing an idle stream.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often expired locks are swept (with events) and old events pruned.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease of an edit session; workstation heartbeats renew it well before it runs out.</summary>
    public TimeSpan SessionTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long checkpoints (working states, not revisions) are kept.</summary>
    public TimeSpan CheckpointTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Validity of presigned upload and download URLs.</summary>
    public TimeSpan UrlTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// An unreferenced blob younger than this is kept: it may be an upload whose revision or
    /// checkpoint is about to be created.
    /// </summary>
    public TimeSpan BlobGrace { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A browser's sign-in ends after this long without a page being opened; using the pages keeps
    /// it going. Short enough that a forgotten browser on a shared machine does not stay signed in for long.
    /// </summary>
    public TimeSpan WebSessionTtl { get; init; } = TimeSpan.FromHours(12);

    public string DatabasePath => Path.Combine(DataDir, "silo.db");

    public string BlobDir => Path.Combine(DataDir, "blobs");

    public string AdminTokenPath => Path.Combine(DataDir, "admin-token");

    public string SigningKeyPath => Path.Combine(DataDir, "signing-key");

    /// <summary>The key ring behind the pages' anti-forgery tokens; kept here so restarts keep open forms valid.</summary>
    public string KeyRingDir => Path.Combine(DataDir, "web-keys");

    public static SiloServerOptions From(IConfiguration config)
    {
        var defaults = new SiloServerOptions();
        return new SiloServerOptions
        {
            DataDir = Path.GetFullPath(config["DATA_DIR"] ?? defaults.DataDir),
            LockTtl = Duration(config, "LOCK_TTL", defaults.LockTtl),
            MaxUploadBytes = Number(config, "MAX_UPLOAD_BYTES", defaults.MaxUploadBytes),
            MaxJsonBytes = Number(config, "MAX_JSON_BYTES", defaults.MaxJsonBytes),
            EventRetention = Duration(config, "EVENT_RETENTION", defaults.EventRetention),
            KeepAlive = Duration(config, "KEEP_ALIVE", defaults.KeepAlive),
            MaintenanceInterval = Duration(config, "MAINTENANCE_INTERVAL", defaults.MaintenanceInterval, MaxTimerPeriod),
            SessionTtl = Duration(config, "SESSION_TTL", defaults.SessionTtl),
            CheckpointTtl = Duration(config, "CHECKPOINT_TTL", defaults.CheckpointTtl),
            UrlTtl = Duration(config, "URL_TTL", defaults.UrlTtl),
            BlobGrace = Duration(config, "BLOB_GRACE", defaults.BlobGrace),
            WebSessionTtl = Duration(config, "WEB_SESSION_TTL", defaults.WebSessionTtl),
        };
    }

    /// <summary>The longest period a .NET timer accepts (2^32 - 2 ms, about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerPeriod = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static TimeSpan Duration(IConfiguration config, string key, TimeSpan fallback, TimeSpan? max = null)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (TryParseDuration(text, out var value) && value > TimeSpan.Zero && (max is null || value <= max))
            return value;
        var limit = max is { } m ? $" of at most {m.TotalDays:0.#} days" : "";
        throw new SiloSettingsException($"Setting {key} must be a positive duration{limit} such as 24:00:00, got '{text}'.");
    }

    /// <summary>
    /// Reads <c>hours:mm[:ss]</c> with any number of hours, else the usual <c>[d.]hh:mm[:ss]</c>.
    /// TimeSpan alone reads an hour count above 23 as days: "24:00:00", the documented lock TTL,
    /// would be 24 days and "48:00" would be refused.
    /// </summary>
    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var parts = text.Trim().Split(':');
        if (parts.Length is 2 or 3
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, invariant, out var hours)
            && hours < (int)TimeSpan.MaxValue.TotalHours)
        {
            // The rest is minutes[:seconds]; parsed behind a zero hour so that 60 minutes or more are refused.
            var ok = TimeSpan.TryParse("0:" + string.Join(':', parts[1..]), invariant, out var rest) && rest >= TimeSpan.Zero;
            value = ok ? TimeSpan.FromHours(hours) + rest : default;
            return ok;
        }
        return TimeSpan.TryParse(text, invariant, out value);
    }

    private static long Number(IConfiguration config, string key, long fallback)
    {
        var text = config[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (long.TryParse(text, out var value) && value > 0) return value;
        throw new SiloSettingsException($"Setting {key} must be a positive whole number, got '{text}'.");
    }
}
