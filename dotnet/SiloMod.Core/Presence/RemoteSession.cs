using Silo.Protocol.EditSessions;
using SiloMod.Core.Host;

namespace SiloMod.Core.Presence;

/// <summary>A live edit session on an item, as presence shows it.</summary>
/// <param name="Level">The server's context level (<c>sketch</c>, <c>partdesign</c>, <c>assembly</c>).</param>
/// <param name="Since">When the session was acquired.</param>
/// <param name="IsOwnUser">The current user's own session (another of their workstations, or this one): shown, but never as someone else's.</param>
public sealed record RemoteSession(
    string SessionId, string PartNumber, string User, string? Workstation, string Level, string ObjectId, DateTimeOffset Since, bool IsOwnUser)
{
    /// <param name="currentUser">Null before the user is known: then no session counts as theirs.</param>
    public static bool IsOwn(string user, string? currentUser) => currentUser is not null && string.Equals(user, currentUser, StringComparison.Ordinal);

    /// <summary>A session the server listed for <paramref name="partNumber"/>.</summary>
    public static RemoteSession From(string partNumber, EditSession session, string? currentUser)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(session.SessionId, partNumber, session.User, session.Workstation, session.ContextLevel, session.ObjectId, session.AcquiredAt,
            IsOwn(session.User, currentUser));
    }

    /// <summary>What the host's panels show of it.</summary>
    public PresenceEntry ToEntry() => new(SessionId, User, PartNumber, Level, ObjectId, Since);
}
