using System.Net;

namespace Silo.Client.Errors;

/// <summary>The server refused a request; <see cref="Problem"/> says why.</summary>
public class SiloApiException : Exception
{
    public SiloApiException()
        : this("The Silo server refused the request.")
    {
    }

    public SiloApiException(string message)
        : this(message, innerException: null)
    {
    }

    public SiloApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Problem = new SiloProblem { Detail = message };
    }

    public SiloApiException(HttpStatusCode status, SiloProblem problem)
        : base(Describe(status, problem))
    {
        ArgumentNullException.ThrowIfNull(problem);
        StatusCode = status;
        Problem = problem;
    }

    /// <summary>The HTTP status, or null when no response arrived (<see cref="UnavailableException"/>).</summary>
    public HttpStatusCode? StatusCode { get; }

    public SiloProblem Problem { get; }

    private static string Describe(HttpStatusCode status, SiloProblem? problem) =>
        problem?.Detail ?? problem?.Title ?? $"The Silo server answered {(int)status} {status}.";
}
