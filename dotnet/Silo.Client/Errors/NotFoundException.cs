using System.Net;

namespace Silo.Client.Errors;

/// <summary>404: no such item, workstation, session, subscription, ...</summary>
public class NotFoundException : SiloApiException
{
    public NotFoundException()
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public NotFoundException(HttpStatusCode status, SiloProblem problem)
        : base(status, problem)
    {
    }
}
