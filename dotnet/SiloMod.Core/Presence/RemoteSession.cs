namespace SiloMod.Core.Presence;

/// <summary>A live edit session on an item, as presence shows it.</summary>
/// <param name="Level">The server's context level (<c>sketch</c>, <c>partdesign</c>, <c>assembly</c>).</param>
/// <param name="Since">When the session was acquired.</param>
/// <param name="IsOwnUser">The current user's own session (another of their workstations, or this one): shown, but never as someone else's.</param>
public sealed record RemoteSession(
    string SessionId, string PartNumber, string User, string? Workstation, string Level, string ObjectId, DateTimeOffset Since, bool IsOwnUser);
