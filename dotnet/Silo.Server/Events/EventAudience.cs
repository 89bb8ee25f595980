namespace Silo.Server.Events;

/// <summary>Who may see an event. Both null: every signed-in user.</summary>
/// <param name="ItemPresence">
/// An edit session's start or end: the item's presence audience (the view <c>presence_audience</c>)
/// and <see cref="WorkstationId"/>, the session's own workstation, hear it, and so does every
/// stream that names no workstation.
/// </param>
public sealed record EventAudience(string? UserId = null, string? WorkstationId = null, bool ItemPresence = false)
{
    public static readonly EventAudience Everyone = new();

    /// <summary>The audience of a session's start or end: see <see cref="ItemPresence"/>.</summary>
    public static EventAudience PresenceOf(string sessionWorkstationId) => new(WorkstationId: sessionWorkstationId, ItemPresence: true);

    /// <summary>
    /// The one rule, for in-memory dispatch; <see cref="EventLog"/>'s reader filter says the same in SQL.
    /// </summary>
    /// <param name="recipients">The workstations of an event told to a list of them; null for any other event.</param>
    /// <param name="unattachedToo">A listed event that streams naming no workstation see as well.</param>
    public static bool Admits(string? audienceUserId, string? audienceWorkstationId, IReadOnlySet<string>? recipients, bool unattachedToo, EventReader reader) =>
        (audienceUserId is null || audienceUserId == reader.UserId)
        && (audienceWorkstationId is null || audienceWorkstationId == reader.WorkstationId)
        && (recipients is null || (reader.WorkstationId is { } workstation ? recipients.Contains(workstation) : unattachedToo));
}
