namespace Silo.Protocol.EditSessions;

/// <summary>The answer to a handoff request: whose session was asked to end.</summary>
public sealed record HandoffRequested(string SessionId, string PartNumber, string Holder);
