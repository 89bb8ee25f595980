namespace Silo.Server.Events;

/// <summary>How an event's audience is kept beside it: the column <c>audience_listed</c>.</summary>
public enum ListedAudience
{
    /// <summary>Not listed: the event's user and workstation columns say who may see it.</summary>
    None = 0,

    /// <summary>The workstations of its <c>event_recipients</c> rows only (a checkpoint or revision to its followers).</summary>
    Workstations = 1,

    /// <summary>
    /// An edit session's start or end: the item's <c>presence_audience</c> as it is when the event
    /// is read, the session's own workstation (<c>audience_workstation_id</c>), and every stream
    /// that names no workstation. Nothing is listed when it is written, so a session costs one row
    /// however many workstations follow its item.
    /// </summary>
    ItemPresence = 2,
}
