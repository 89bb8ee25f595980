using System.Net;
using Silo.Protocol.EditSessions;

namespace Silo.Client.Errors;

/// <summary>
/// 409 on an edit-session request: another user edits the same object (<c>hard_interference</c>)
/// or has the item checked out (<c>item_locked</c>, <see cref="EditSessionHolder.SessionId"/> null,
/// context level "item"). The workbench blocks entry and shows <see cref="Holder"/>.
/// </summary>
public sealed class HardInterferenceException : ConflictException
{
    public HardInterferenceException()
    {
    }

    public HardInterferenceException(string message)
        : base(message)
    {
    }

    public HardInterferenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public HardInterferenceException(HttpStatusCode status, SiloProblem problem, EditSessionHolder holder)
        : base(status, problem)
    {
        Holder = holder;
    }

    /// <summary>Who blocks the request; null only on an exception not made from a server answer.</summary>
    public EditSessionHolder? Holder { get; }
}
