namespace Silo.Protocol.Workstations;

/// <summary>One machine of one user, as registered with the server.</summary>
public sealed record Workstation(string Id, string Name, string Fingerprint, DateTimeOffset? LastSeen, DateTimeOffset CreatedAt);
