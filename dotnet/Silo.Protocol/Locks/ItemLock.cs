namespace Silo.Protocol.Locks;

/// <summary>A check-out lock: <see cref="LockedBy"/> (a username) holds the item until it is released or <see cref="ExpiresAt"/>.</summary>
public sealed record ItemLock(string Id, string PartNumber, string LockedBy, DateTimeOffset LockedAt, DateTimeOffset ExpiresAt, string? Comment = null);
