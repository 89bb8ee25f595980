namespace Silo.Server.Storage;

/// <summary>
/// The relational store. Reads run concurrently; writes run one at a time inside a transaction
/// that either commits whole or leaves nothing behind. An engine may commit several callers'
/// writes together (group commit): each caller's work still runs alone, sees the writes queued
/// before it, and is undone alone when it fails; its task completes only once its work is durable.
/// </summary>
public interface IDatabase
{
    Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);
}
