namespace Silo.Protocol.EditSessions;

/// <summary>Asks the holder of a session to let go; <see cref="Message"/> is shown to them.</summary>
public sealed record HandoffRequest(string? Message);
