namespace Silo.Protocol.Workstations;

/// <summary>How many edit-session leases a heartbeat renewed, and until when they now run.</summary>
public sealed record HeartbeatResult(int Renewed, DateTimeOffset ExpiresAt);
