namespace Silo.Protocol.EditSessions;

/// <summary>Another user's live session whose dependency cone overlaps the granted one.</summary>
public sealed record EditSessionConflict(string SessionId, string User, string ContextLevel, string ObjectId, IReadOnlyList<string> SharedNodes, string Message);
