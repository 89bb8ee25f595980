namespace Silo.Protocol.EditSessions;

/// <summary>A live edit session on an item (presence: who edits what).</summary>
public sealed record EditSession(
    string SessionId, string User, string? Workstation, string ContextLevel, string ObjectId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
