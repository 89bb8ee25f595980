namespace Silo.Protocol.Locks;

/// <summary>The answer of <c>GET /api/items/{pn}/lock</c>; <see cref="Lock"/> is null while the item is not checked out.</summary>
public sealed record LockStatus(string PartNumber, bool Locked, ItemLock? Lock);
