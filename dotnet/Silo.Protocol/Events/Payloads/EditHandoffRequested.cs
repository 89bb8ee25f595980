namespace Silo.Protocol.Events;

/// <summary><c>edit.handoff_requested</c>, on the holder's workstation stream only.</summary>
public sealed record EditHandoffRequested(string SessionId, string PartNumber, string ObjectId, string Requester, string? Message)
    : SiloEventPayload;
