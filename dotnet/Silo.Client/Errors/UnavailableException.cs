namespace Silo.Client.Errors;

/// <summary>
/// No usable answer: the server could not be reached, the connection broke, the request timed out,
/// or a gateway answered 502/503/504. Safe to retry for idempotent requests.
/// </summary>
public sealed class UnavailableException : SiloApiException
{
    public UnavailableException()
        : this("The Silo server is unavailable.")
    {
    }

    public UnavailableException(string message)
        : base(message)
    {
    }

    public UnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public UnavailableException(System.Net.HttpStatusCode status, SiloProblem problem)
        : base(status, problem)
    {
    }

    /// <summary>
    /// The server that did not answer (scheme, host and port), when known: lets a user-facing
    /// message name it instead of repeating the request line and the resilience jargon.
    /// </summary>
    public Uri? Server { get; init; }

    /// <summary>The scheme, host and port of <paramref name="request"/>; null for a relative or missing address.</summary>
    public static Uri? ServerOf(Uri? request) =>
        request is { IsAbsoluteUri: true } ? new Uri(request.GetLeftPart(UriPartial.Authority)) : null;
}
