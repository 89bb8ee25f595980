using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>Which workstations follow an item, through an item, project or category subscription.</summary>
public static class SubscriberDirectory
{
    /// <param name="policies">Only subscriptions with one of these revision policies count.</param>
    /// <param name="excludeUserId">Leave out this user's workstations (the author of the change).</param>
    public static async Task<IReadOnlyList<string>> WorkstationsFollowingAsync(DbSession s, string itemId, IReadOnlyCollection<string> policies, string? excludeUserId, CancellationToken ct) =>
        (await s.QueryAsync<string>("""
            SELECT DISTINCT sub.workstation_id
            FROM subscriptions sub
            JOIN workstations w ON w.id = sub.workstation_id
            JOIN items i ON i.id = @itemId
            WHERE sub.paused = 0
              AND sub.revision_policy IN @policies
              AND (@excludeUserId IS NULL OR w.user_id <> @excludeUserId)
              AND ((sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE)
                OR (sub.type = 'project' AND sub.target = i.project)
                OR (sub.type = 'category' AND sub.target = i.category))
            ORDER BY sub.workstation_id
            """, new { itemId, policies, excludeUserId }, ct)).ToList();
}
