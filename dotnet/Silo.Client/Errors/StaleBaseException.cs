using System.Net;
using Silo.Protocol.Lineage;

namespace Silo.Client.Errors;

/// <summary>
/// 409 <c>stale_base</c>: the pushed file was not derived from the item's head, so storing it
/// would lose the head's work. Nothing was stored. Update to <see cref="Head"/>, or push again
/// with an explicit overwrite.
/// </summary>
public sealed class StaleBaseException : ConflictException
{
    public const string Code = "stale_base";

    public StaleBaseException()
    {
    }

    public StaleBaseException(string message)
        : base(message)
    {
    }

    public StaleBaseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public StaleBaseException(HttpStatusCode status, SiloProblem problem, ItemVersion? head)
        : base(status, problem)
    {
        Head = head;
    }

    /// <summary>The item's head the push would have replaced; null only on an exception not made from a server answer.</summary>
    public ItemVersion? Head { get; }
}
