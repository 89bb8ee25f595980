using System.Net;

namespace Silo.Client.Errors;

/// <summary>401 (no or unknown token) or 403 (the token's role or ownership does not allow it).</summary>
public class AuthException : SiloApiException
{
    public AuthException()
    {
    }

    public AuthException(string message)
        : base(message)
    {
    }

    public AuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public AuthException(HttpStatusCode status, SiloProblem problem)
        : base(status, problem)
    {
    }
}
