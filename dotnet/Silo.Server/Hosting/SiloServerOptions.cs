using Microsoft.Extensions.Configuration;

namespace Silo.Server.Hosting;

/// <summary>
/// Server settings, bound from configuration and checked by <see cref="SiloServerOptionsValidator"/>.
/// Each one is a command-line switch (<c>--data-dir</c>) and an environment variable with the
/// <c>SILO_</c> prefix (<c>SILO_DATA_DIR</c>); both land on the same key.
/// </summary>
public sealed class SiloServerOptions
{
    /// <summary>The configuration key of each setting, as the operator's messages name it.</summary>
    public static class Keys
    {
        public const string DataDir = "DATA_DIR";
        public const string Database = "DATABASE";
        public const string LockTtl = "LOCK_TTL";
        public const string MaxUploadBytes = "MAX_UPLOAD_BYTES";
        public const string MaxJsonBytes = "MAX_JSON_BYTES";
        public const string EventRetention = "EVENT_RETENTION";
        public const string KeepAlive = "KEEP_ALIVE";
        public const string MaintenanceInterval = "MAINTENANCE_INTERVAL";
        public const string SessionTtl = "SESSION_TTL";
        public const string CheckpointTtl = "CHECKPOINT_TTL";
        public const string UrlTtl = "URL_TTL";
        public const string BlobGrace = "BLOB_GRACE";
        public const string WebSessionTtl = "WEB_SESSION_TTL";
        public const string KeysDir = "KEYS_DIR";
        public const string EventCatchUp = "EVENT_CATCH_UP";
    }

    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--data-dir"] = Keys.DataDir,
        ["--lock-ttl"] = Keys.LockTtl,
        ["--max-upload-bytes"] = Keys.MaxUploadBytes,
        ["--max-json-bytes"] = Keys.MaxJsonBytes,
        ["--event-retention"] = Keys.EventRetention,
        ["--keep-alive"] = Keys.KeepAlive,
        ["--maintenance-interval"] = Keys.MaintenanceInterval,
        ["--session-ttl"] = Keys.SessionTtl,
        ["--checkpoint-ttl"] = Keys.CheckpointTtl,
        ["--url-ttl"] = Keys.UrlTtl,
        ["--blob-grace"] = Keys.BlobGrace,
        ["--web-session-ttl"] = Keys.WebSessionTtl,
        ["--keys-dir"] = Keys.KeysDir,
        ["--event-catch-up"] = Keys.EventCatchUp,
        ["--database"] = Keys.Database,
    };

    [ConfigurationKeyName(Keys.DataDir)]
    public string DataDir { get; set; } = "./silo-data";

    /// <summary>
    /// Empty: the embedded SQLite file in the data directory. A PostgreSQL connection string
    /// (see <see cref="Storage.DatabaseSetting"/>) lets several instances share one database; they
    /// then share the data directory's blob folder too.
    /// </summary>
    [ConfigurationKeyName(Keys.Database)]
    public string Database { get; set; } = "";

    /// <summary>How long a check-out lock lives unless released (spec default: 24 h).</summary>
    [ConfigurationKeyName(Keys.LockTtl)]
    public Duration LockTtl { get; set; } = new(TimeSpan.FromHours(24));

    [ConfigurationKeyName(Keys.MaxUploadBytes)]
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    [ConfigurationKeyName(Keys.MaxJsonBytes)]
    public long MaxJsonBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Events older than this are pruned; a client resuming before them must re-sync.</summary>
    [ConfigurationKeyName(Keys.EventRetention)]
    public Duration EventRetention { get; set; } = new(TimeSpan.FromDays(14));

    /// <summary>Interval of SSE comment lines that keep proxies from closing an idle stream.</summary>
    [ConfigurationKeyName(Keys.KeepAlive)]
    public Duration KeepAlive { get; set; } = new(TimeSpan.FromSeconds(15));

    /// <summary>How often expired locks are swept (with events) and old events pruned.</summary>
    [ConfigurationKeyName(Keys.MaintenanceInterval)]
    public Duration MaintenanceInterval { get; set; } = new(TimeSpan.FromSeconds(30));

    /// <summary>Lease of an edit session; workstation heartbeats renew it well before it runs out.</summary>
    [ConfigurationKeyName(Keys.SessionTtl)]
    public Duration SessionTtl { get; set; } = new(TimeSpan.FromMinutes(2));

    /// <summary>How long checkpoints (working states, not revisions) are kept.</summary>
    [ConfigurationKeyName(Keys.CheckpointTtl)]
    public Duration CheckpointTtl { get; set; } = new(TimeSpan.FromDays(30));

    /// <summary>Validity of presigned upload and download URLs.</summary>
    [ConfigurationKeyName(Keys.UrlTtl)]
    public Duration UrlTtl { get; set; } = new(TimeSpan.FromMinutes(15));

    /// <summary>
    /// An unreferenced blob younger than this is kept: it may be an upload whose revision or
    /// checkpoint is about to be created.
    /// </summary>
    [ConfigurationKeyName(Keys.BlobGrace)]
    public Duration BlobGrace { get; set; } = new(TimeSpan.FromHours(1));

    /// <summary>
    /// A browser's sign-in ends after this long without a page being opened; using the pages keeps
    /// it going. Short enough that a forgotten browser on a shared machine does not stay signed in for long.
    /// </summary>
    [ConfigurationKeyName(Keys.WebSessionTtl)]
    public Duration WebSessionTtl { get; set; } = new(TimeSpan.FromHours(12));

    /// <summary>
    /// Where the data-protection key ring lives when not under the data directory: instances that
    /// share one database must share one key ring (a folder all of them reach), or a form or sign-in
    /// made on one is refused by the others.
    /// </summary>
    [ConfigurationKeyName(Keys.KeysDir)]
    public string? KeysDir { get; set; }

    /// <summary>
    /// With several instances, how often the event streams look for events whose wake-up from
    /// another instance was lost; the longest such an event waits.
    /// </summary>
    [ConfigurationKeyName(Keys.EventCatchUp)]
    public Duration EventCatchUp { get; set; } = new(TimeSpan.FromSeconds(1));

    public string DatabasePath => Path.Combine(DataDir, "silo.db");

    public string BlobDir => Path.Combine(DataDir, "blobs");

    public string AdminTokenPath => Path.Combine(DataDir, "admin-token");

    public string SigningKeyPath => Path.Combine(DataDir, "signing-key");

    /// <summary>The key ring behind the pages' anti-forgery tokens; kept here so restarts keep open forms valid.</summary>
    public string KeyRingDir => string.IsNullOrWhiteSpace(KeysDir) ? Path.Combine(DataDir, "web-keys") : KeysDir;
}
