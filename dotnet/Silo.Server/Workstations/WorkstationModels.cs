namespace Silo.Server.Workstations;

public sealed record RegisterWorkstationRequest(string? Name, string? Fingerprint);

public sealed record WorkstationView(string Id, string Name, string Fingerprint, DateTimeOffset? LastSeen, DateTimeOffset CreatedAt);
