namespace Silo.Server.Events;

/// <summary>
/// Hands committed events to open streams. A stream subscribes first and then replays what it
/// missed from the log: every event committed after that replay is offered to it, so together the
/// two miss nothing (the stream drops ids it already wrote). The embedded engine reads each
/// commit's events once and dispatches them in memory; an engine shared by several server
/// instances would wake its feed from the database (LISTEN/NOTIFY) and must read events in commit order.
/// </summary>
public interface IEventFeed
{
    Task<EventSubscription> SubscribeAsync(EventReader reader, CancellationToken ct);
}
