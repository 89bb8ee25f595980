namespace Silo.Client.EditSessions;

internal sealed record HandoffRequest(string? Message);
