namespace Silo.Server.Storage;

/// <summary>
/// The relational store. Reads run concurrently; writes run one at a time inside a transaction
/// that either commits whole or leaves nothing behind.
/// </summary>
public interface IDatabase
{
    Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);
}
