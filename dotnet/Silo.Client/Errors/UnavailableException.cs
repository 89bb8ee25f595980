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
}
