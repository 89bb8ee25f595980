namespace Silo.Protocol.Events;

/// <summary><c>edit.session_released</c>, however the session ended.</summary>
/// <param name="Workstation">The workstation's name; null once the workstation is deleted.</param>
/// <param name="Reason">released, checkpoint, expired, forced or workstation_deleted.</param>
public sealed record EditSessionReleased(
    string SessionId,
    string PartNumber,
    string User,
    string? Workstation,
    string WorkstationId,
    string ContextLevel,
    string ObjectId,
    string Reason) : SiloEventPayload;
