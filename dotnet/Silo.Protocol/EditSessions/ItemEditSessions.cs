namespace Silo.Protocol.EditSessions;

/// <summary>The live edit sessions of one item, oldest first: an entry of <c>GET /api/edit-sessions?part_number=…</c>.</summary>
public sealed record ItemEditSessions(string PartNumber, IReadOnlyList<EditSession> Sessions)
{
    /// <summary>How many items one request may ask about.</summary>
    public const int MaxItems = 100;
}
