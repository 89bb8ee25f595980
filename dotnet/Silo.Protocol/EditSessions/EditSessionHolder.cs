namespace Silo.Protocol.EditSessions;

/// <summary>
/// Who blocks an edit session. For an item checked out by another user <see cref="SessionId"/>
/// and <see cref="Workstation"/> are null and <see cref="ContextLevel"/> is "item".
/// </summary>
public sealed record EditSessionHolder(string? SessionId, string User, string? Workstation, string ContextLevel, string ObjectId, DateTimeOffset AcquiredAt);
