namespace Silo.Client.Locks;

internal sealed record AcquireLockRequest(string? Comment, long? TtlSeconds);

/// <summary>The answer of <c>GET /api/items/{pn}/lock</c>; <see cref="Lock"/> is null while the item is not checked out.</summary>
internal sealed record LockStatus(string PartNumber, bool Locked, ItemLock? Lock);
