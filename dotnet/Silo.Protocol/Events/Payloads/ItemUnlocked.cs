namespace Silo.Protocol.Events;

/// <summary><c>item.unlocked</c>: the check-out ended.</summary>
/// <param name="Reason">released, expired or forced.</param>
/// <param name="ReleasedBy">Null when the lock expired.</param>
public sealed record ItemUnlocked(string PartNumber, string LockId, string LockedBy, string? ReleasedBy, string Reason, string? ForceReason)
    : SiloEventPayload;
