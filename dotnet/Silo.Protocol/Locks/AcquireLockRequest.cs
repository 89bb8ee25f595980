namespace Silo.Protocol.Locks;

/// <param name="TtlSeconds">Null for the server's default lease.</param>
public sealed record AcquireLockRequest(string? Comment, long? TtlSeconds);
