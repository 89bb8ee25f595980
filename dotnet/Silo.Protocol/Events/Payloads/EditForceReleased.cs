namespace Silo.Protocol.Events;

/// <summary><c>edit.force_released</c>: an admin ended <see cref="User"/>'s session.</summary>
public sealed record EditForceReleased(
    string SessionId,
    string PartNumber,
    string User,
    string? Workstation,
    string WorkstationId,
    string ContextLevel,
    string ObjectId,
    string ReleasedBy,
    string Reason) : SiloEventPayload;
