namespace Silo.Server.Events;

/// <summary>One instance owns the database (SQLite): waking this instance's streams is all there is to do.</summary>
public sealed class LocalEventSignal(EventNotifier notifier) : IEventCommitSignal
{
    public void Committed() => notifier.Pulse();
}
