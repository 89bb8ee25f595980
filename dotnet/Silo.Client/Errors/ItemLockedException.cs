using System.Net;
using Silo.Protocol.Locks;

namespace Silo.Client.Errors;

/// <summary>
/// 409: the item is checked out by another user (<see cref="Holder"/>), so the lock, the write or
/// the upload was refused.
/// </summary>
public sealed class ItemLockedException : ConflictException
{
    public ItemLockedException()
    {
    }

    public ItemLockedException(string message)
        : base(message)
    {
    }

    public ItemLockedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ItemLockedException(HttpStatusCode status, SiloProblem problem, ItemLock holder)
        : base(status, problem)
    {
        Holder = holder;
    }

    /// <summary>The lock in the way; null only on an exception not made from a server answer.</summary>
    public ItemLock? Holder { get; }
}
