namespace SiloMod.Core.Sync;

/// <summary>The sync state file exists but cannot be read as one; nothing was overwritten.</summary>
public sealed class SyncStateCorruptException : Exception
{
    public SyncStateCorruptException()
    {
    }

    public SyncStateCorruptException(string message)
        : base(message)
    {
    }

    public SyncStateCorruptException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
