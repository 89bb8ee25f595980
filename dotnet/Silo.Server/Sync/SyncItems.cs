using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>Part numbers of a report to item ids, in one query however long the report.</summary>
internal static class SyncItems
{
    private sealed class Row
    {
        public long Position { get; init; }
        public string? ItemId { get; init; }
    }

    /// <returns>The item id of each part number, in order; null where no item has that part number.</returns>
    public static async Task<string?[]> IdsAsync(DbSession s, IReadOnlyList<string> partNumbers, CancellationToken ct)
    {
        var ids = new string?[partNumbers.Count];
        if (partNumbers.Count == 0) return ids;
        var rows = await s.QueryAsync<Row>($"""
            SELECT CAST(j.key AS INTEGER) AS position, i.id AS item_id
            FROM {s.Dialect.JsonValues("@partNumbers", "j")} LEFT JOIN items i ON i.part_number = j.value
            """, new { partNumbers = JsonSerializer.Serialize(partNumbers) }, ct);
        foreach (var row in rows) ids[row.Position] = row.ItemId;
        return ids;
    }
}
