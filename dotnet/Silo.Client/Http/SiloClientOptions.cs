namespace Silo.Client.Http;

/// <summary>Where the Silo server is and who the client is to it.</summary>
public sealed class SiloClientOptions
{
    /// <summary>The server's root, e.g. <c>https://silo.example.com/</c>; API paths are resolved against it.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The bearer token sent with every request; null sends none (only /health answers then).</summary>
    public string? Token { get; set; }

    /// <summary>How long one request may take before it fails with <see cref="Errors.UnavailableException"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Retries of a request that failed transiently (no connection, 408, 429, 502, 503, 504), with
    /// exponential backoff and jitter, honouring Retry-After. Only requests that are safe to repeat
    /// are retried (see <see cref="RetryHandler"/>). 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each further one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
