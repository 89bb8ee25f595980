using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Workstations;

/// <summary>The items a workstation has open, as it last reported them (<c>workstation_watches</c>): one part of who hears about an item's edit sessions (the view <c>presence_audience</c>).</summary>
public static class WatchedItems
{
    /// <summary>Replaces the workstation's set. Part numbers the server does not know are left out: nobody can edit them.</summary>
    /// <returns>How many items the workstation now watches.</returns>
    public static async Task<int> ReplaceAsync(DbSession s, string workstationId, IReadOnlyCollection<string> partNumbers, CancellationToken ct)
    {
        await s.ExecuteAsync("DELETE FROM workstation_watches WHERE workstation_id = @workstationId", new { workstationId }, ct);
        if (partNumbers.Count == 0) return 0;
        return await s.ExecuteAsync($"""
            INSERT INTO workstation_watches(workstation_id, item_id)
            SELECT DISTINCT @workstationId, i.id FROM items i JOIN {s.Dialect.JsonValues("@partNumbers", "j")} ON i.part_number = j.value COLLATE NOCASE
            """, new { workstationId, partNumbers = JsonSerializer.Serialize(partNumbers) }, ct);
    }
}
