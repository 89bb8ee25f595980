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
    /// are retried (see <see cref="ResilienceHandler"/>). 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; each further one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The hard time budget of acquiring an edit session, retries included: past it the call fails
    /// with <see cref="Errors.UnavailableException"/>, which the workbench treats as offline.
    /// Runs on the registered <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan AcquireBudget { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Whether a circuit breaker guards the server: after repeated failures (no connection, a
    /// broken one, 502/503/504) calls fail fast with <see cref="Errors.UnavailableException"/>
    /// for <see cref="CircuitBreakerBreakDuration"/>, then one trial call decides whether it closes.
    /// </summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>The share of failed calls within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit (0 to 1].</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed within the sampling window before the ratio counts (at least 2), so one failure never opens it.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 8;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call is let through.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
