namespace Silo.Protocol.Events;

/// <summary>
/// <c>edit.interference_resolved</c>, on the remaining party's workstation: the session
/// <see cref="ResolvedSessionId"/> that softly conflicted with <see cref="SessionId"/> ended.
/// </summary>
public sealed record EditInterferenceResolved(
    string PartNumber,
    string SessionId,
    string ObjectId,
    string ResolvedSessionId,
    string ResolvedUser,
    string ResolvedObjectId,
    IReadOnlyList<string> SharedNodes,
    string Reason) : SiloEventPayload;
