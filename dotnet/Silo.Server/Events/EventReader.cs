namespace Silo.Server.Events;

/// <summary>What a reader is allowed to see: events for everyone, for this user, for this workstation.</summary>
public sealed record EventReader(string UserId, string? WorkstationId = null);
