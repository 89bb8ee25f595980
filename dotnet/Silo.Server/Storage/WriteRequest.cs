namespace Silo.Server.Storage;

/// <summary>
/// One caller's write waiting for the group writer: its work, and the task the caller awaits. A
/// request cancelled while it waits is never started; once started, only its work decides.
/// </summary>
internal abstract class WriteRequest
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private int _state;

    public CancellationToken CancellationToken { get; protected init; }

    /// <summary>The session the work ran with; its after-commit actions run once the group commits.</summary>
    public DbSession? Session { get; protected set; }

    /// <returns>False when the caller gave up first: the request must be skipped.</returns>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Waiting) == Waiting;

    protected bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

    /// <summary>Runs the work inside the group's transaction; throws what the work throws.</summary>
    public abstract Task RunAsync(DbSession session);

    /// <summary>The group committed: hand the result over.</summary>
    public abstract void Complete();

    /// <summary>The work, or the group's commit, failed: nothing of it was kept.</summary>
    public abstract void Fail(Exception error);
}

internal sealed class WriteRequest<T> : WriteRequest
{
    private readonly Func<DbSession, Task<T>> _work;
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private T? _result;

    public WriteRequest(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        _work = work;
        CancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.Register(static o => ((WriteRequest<T>)o!).OnCancelled(), this);
    }

    public Task<T> Task => _done.Task;

    public override async Task RunAsync(DbSession session)
    {
        Session = session;
        _result = await _work(session);
    }

    public override void Complete()
    {
        _registration.Dispose();
        _done.TrySetResult(_result!);
    }

    public override void Fail(Exception error)
    {
        _registration.Dispose();
        Session?.RolledBack();
        if (error is OperationCanceledException cancelled && CancellationToken.IsCancellationRequested)
            _done.TrySetCanceled(cancelled.CancellationToken);
        else
            _done.TrySetException(error);
    }

    private void OnCancelled()
    {
        if (TryAbandon()) _done.TrySetCanceled(CancellationToken);
    }
}
