namespace Silo.Server.Events;

/// <summary>
/// Wakes every waiting stream after a commit appended events. A waiter takes the current task
/// before it reads the log, so a commit between its read and its wait still wakes it.
/// </summary>
public sealed class EventNotifier
{
    private TaskCompletionSource _next = New();

    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
