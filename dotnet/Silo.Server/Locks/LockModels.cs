namespace Silo.Server.Locks;

public sealed record AcquireLockRequest(string? Comment, long? TtlSeconds);

public sealed record LockView(string Id, string PartNumber, string LockedBy, DateTimeOffset LockedAt, DateTimeOffset ExpiresAt, string? Comment);

/// <summary>Lock state of one item; the lock fields are null while it is not checked out.</summary>
public sealed record LockStatus(string PartNumber, bool Locked, LockView? Lock);

/// <summary>Why a lock ended, as carried by <c>item.unlocked</c>.</summary>
public static class UnlockReasons
{
    public const string Released = "released";
    public const string Expired = "expired";
    public const string Forced = "forced";
}
