namespace Silo.Server.Workstations;

public sealed record RegisterWorkstationRequest(string? Name, string? Fingerprint);

public sealed record WorkstationView(string Id, string Name, string Fingerprint, DateTimeOffset? LastSeen, DateTimeOffset CreatedAt);

/// <summary>How many edit-session leases a heartbeat renewed, and until when they now run.</summary>
public sealed record HeartbeatResponse(int Renewed, DateTimeOffset ExpiresAt);
