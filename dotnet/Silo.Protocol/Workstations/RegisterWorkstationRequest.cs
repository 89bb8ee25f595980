namespace Silo.Protocol.Workstations;

/// <summary>Registration is idempotent per <see cref="Fingerprint"/>: the same machine gets its id back.</summary>
public sealed record RegisterWorkstationRequest(string? Name, string? Fingerprint);
