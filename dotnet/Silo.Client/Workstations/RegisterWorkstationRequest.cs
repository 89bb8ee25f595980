namespace Silo.Client.Workstations;

internal sealed record RegisterWorkstationRequest(string Name, string Fingerprint);
