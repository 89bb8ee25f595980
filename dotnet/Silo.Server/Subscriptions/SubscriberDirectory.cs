using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>Which workstations follow an item, through an item, project or category subscription.</summary>
public static class SubscriberDirectory
{
    /// <summary>
    /// Workstations whose governing subscription for the item (the most specific one that is not
    /// paused: item over project over category, as the sync diff decides) has one of
    /// <paramref name="policies"/>. A workstation following a category with <c>latest</c> but the
    /// item itself with <c>latest_released</c> is therefore not told about a new draft.
    /// </summary>
    /// <param name="policies">Only subscriptions with one of these revision policies count.</param>
    /// <param name="excludeUserId">Leave out this user's workstations (the author of the change).</param>
    public static async Task<IReadOnlyList<string>> WorkstationsFollowingAsync(DbSession s, string itemId, IReadOnlyCollection<string> policies, string? excludeUserId, CancellationToken ct) =>
        (await s.QueryAsync<string>($"""
            WITH matching AS (
                SELECT sub.workstation_id, sub.revision_policy, 3 AS specificity
                FROM items i JOIN subscriptions sub ON sub.type = 'item' AND sub.target = i.part_number COLLATE NOCASE
                WHERE i.id = @itemId AND sub.paused = 0
                UNION ALL
                SELECT sub.workstation_id, sub.revision_policy, 2
                FROM items i JOIN subscriptions sub ON sub.type = 'project' AND sub.target = i.project
                WHERE i.id = @itemId AND sub.paused = 0
                UNION ALL
                SELECT sub.workstation_id, sub.revision_policy, 1
                FROM items i JOIN subscriptions sub ON sub.type = 'category' AND sub.target = i.category
                WHERE i.id = @itemId AND sub.paused = 0
            ), governing AS (
                SELECT workstation_id, revision_policy,
                       ROW_NUMBER() OVER (PARTITION BY workstation_id ORDER BY specificity DESC) AS rank
                FROM matching
            )
            SELECT g.workstation_id
            FROM governing g JOIN workstations w ON w.id = g.workstation_id
            WHERE g.rank = 1
              AND {s.Dialect.InList("g.revision_policy", "@policies")}
              AND (@excludeUserId IS NULL OR w.user_id <> @excludeUserId)
            ORDER BY g.workstation_id
            """, new { itemId, policies = JsonSerializer.Serialize(policies), excludeUserId }, ct)).ToList();
}
