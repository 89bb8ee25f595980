namespace Silo.Protocol.Locks;

/// <summary>Why a lock ended, as carried by <c>item.unlocked</c>.</summary>
public static class UnlockReasons
{
    public const string Released = "released";
    public const string Expired = "expired";
    public const string Forced = "forced";
}
