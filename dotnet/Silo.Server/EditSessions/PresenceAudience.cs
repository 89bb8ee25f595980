using Silo.Server.Storage;

namespace Silo.Server.EditSessions;

/// <summary>
/// Who hears about an item's edit sessions: the workstation of the session told about, every
/// workstation holding a live session on the item, every workstation with a subscription covering
/// the item (paused ones too: their users still see who edits what), and every workstation that
/// reported the item open (<c>workstation_watches</c>). Streams naming no workstation
/// (web pages, the CLI) hear about every session. A team's session churn then costs each
/// workstation only the sessions on the items it works with.
/// </summary>
public static class PresenceAudience
{
    /// <summary>The workstations told of a session of <c>@itemId</c> held on <c>@holder</c>.</summary>
    public static async Task<IReadOnlyList<string>> WorkstationsAsync(DbSession s, string itemId, string holderWorkstationId, long now, CancellationToken ct) =>
        (await s.QueryAsync<string>("""
            SELECT @holder
            UNION SELECT e.workstation_id FROM edit_sessions e WHERE e.item_id = @itemId AND e.ended_at IS NULL AND e.expires_at > @now
            UNION SELECT w.workstation_id FROM workstation_watches w WHERE w.item_id = @itemId
            UNION SELECT sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE WHERE i.id = @itemId
            UNION SELECT sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'project' AND sub.target = i.project WHERE i.id = @itemId
            UNION SELECT sub.workstation_id FROM items i JOIN subscriptions sub ON sub.type = 'category' AND sub.target = i.category WHERE i.id = @itemId
            """, new { itemId, holder = holderWorkstationId, now }, ct)).ToList();

    /// <summary>
    /// The same rule from the other side: the ids of the items whose sessions <c>@workstation</c>
    /// hears about (at <c>@now</c>), for a snapshot of what its stream then keeps up to date.
    /// </summary>
    public const string ItemsHeardBy = """
        SELECT e.item_id FROM edit_sessions e WHERE e.workstation_id = @workstation AND e.ended_at IS NULL AND e.expires_at > @now
        UNION SELECT w.item_id FROM workstation_watches w WHERE w.workstation_id = @workstation
        UNION SELECT i.id FROM subscriptions sub JOIN items i ON sub.type = 'item' AND i.part_number = sub.target COLLATE NOCASE WHERE sub.workstation_id = @workstation
        UNION SELECT i.id FROM subscriptions sub JOIN items i ON sub.type = 'project' AND i.project = sub.target WHERE sub.workstation_id = @workstation
        UNION SELECT i.id FROM subscriptions sub JOIN items i ON sub.type = 'category' AND i.category = sub.target WHERE sub.workstation_id = @workstation
        """;
}
