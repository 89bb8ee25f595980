using System.Net;

namespace Silo.Client.Errors;

/// <summary>409: the request clashes with the server's state (a lock, a duplicate, a superseded session).</summary>
public class ConflictException : SiloApiException
{
    public ConflictException()
    {
    }

    public ConflictException(string message)
        : base(message)
    {
    }

    public ConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ConflictException(HttpStatusCode status, SiloProblem problem)
        : base(status, problem)
    {
    }
}
