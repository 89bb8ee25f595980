namespace Silo.Protocol.Events;

/// <summary><c>edit.session_acquired</c>.</summary>
/// <param name="ContextLevel">One of <see cref="EditSessions.ContextLevels"/>.</param>
public sealed record EditSessionAcquired(
    string SessionId,
    string PartNumber,
    string User,
    string Workstation,
    string WorkstationId,
    string ContextLevel,
    string ObjectId,
    DateTimeOffset AcquiredAt,
    DateTimeOffset ExpiresAt) : SiloEventPayload;
