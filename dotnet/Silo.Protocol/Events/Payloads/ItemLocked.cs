namespace Silo.Protocol.Events;

/// <summary><c>item.locked</c>: someone checked the item out.</summary>
public sealed record ItemLocked(string PartNumber, string LockId, string LockedBy, DateTimeOffset LockedAt, DateTimeOffset ExpiresAt, string? Comment)
    : SiloEventPayload;
