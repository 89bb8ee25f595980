namespace Silo.Server.Events;

/// <summary>Whether an event's audience is a list of workstations (<c>event_recipients</c>); the column <c>audience_listed</c>.</summary>
public enum ListedAudience
{
    /// <summary>Not listed: the event's user and workstation columns say who may see it.</summary>
    None = 0,

    /// <summary>The listed workstations only (a checkpoint or revision to its followers).</summary>
    Workstations = 1,

    /// <summary>
    /// The listed workstations and every stream that names no workstation (an edit session: web
    /// pages and the CLI show who edits what on the whole server).
    /// </summary>
    WorkstationsAndUnattached = 2,
}
