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
}
