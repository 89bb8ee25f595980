namespace Silo.Server.Storage;

/// <summary>
/// The relational store. Reads run concurrently; writes behave as if run one at a time, each inside
/// a transaction that either commits whole or leaves nothing behind. An engine may commit several
/// callers' writes together (group commit): each caller's work still runs alone, sees the writes
/// queued before it, and is undone alone when it fails; its task completes only once its work is
/// durable. An engine may also run writes side by side and run a write's work again when it
/// collided with another (<see cref="PostgresDatabase"/>), so work touches nothing outside its
/// session before commit.
/// </summary>
public interface IDatabase
{
    Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken);
}
