namespace Silo.Client.Http;

/// <summary>Per-request flags the client sets for <see cref="ResilienceHandler"/>.</summary>
internal static class SiloRequestOptions
{
    /// <summary>A POST the server treats idempotently (a heartbeat, a state report, a re-acquire), so repeating it is safe.</summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("Silo.Repeatable");

    /// <summary>A request whose body cannot be sent twice (a streamed upload).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoRetry = new("Silo.NoRetry");

    /// <summary>The context-entry call (acquiring an edit session): it runs under <see cref="SiloClientOptions.AcquireBudget"/>.</summary>
    public static readonly HttpRequestOptionsKey<bool> ContextEntry = new("Silo.ContextEntry");

    /// <summary>A reachability probe: sent once, past the circuit breaker, which its answer may close.</summary>
    public static readonly HttpRequestOptionsKey<bool> Probe = new("Silo.Probe");

    public static bool Is(this HttpRequestMessage request, HttpRequestOptionsKey<bool> key) => request.Options.TryGetValue(key, out var value) && value;
}
