using System.Text.Json;
using Silo.Server.Auth;
using Silo.Server.Json;
using Silo.Server.Storage;

namespace Silo.Server.Audit;

/// <summary>Admin overrides (force releases) that someone may later need to account for.</summary>
public sealed class AuditLog(TimeProvider time)
{
    public sealed record Entry(long Id, DateTimeOffset At, string Actor, string Action, string? PartNumber, string? Subject, string? Reason, JsonElement? Details);

    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public long Id { get; init; }
        public long At { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string? PartNumber { get; init; }
        public string? Subject { get; init; }
        public string? Reason { get; init; }
        public string? Details { get; init; }
    }

    public Task RecordAsync(DbSession s, SiloUser actor, string action, string? itemId, string? subjectId, string? reason, object? details, CancellationToken ct) =>
        s.ExecuteAsync("""
            INSERT INTO audit_log(at, actor_id, action, item_id, subject_id, reason, details)
            VALUES (@now, @actor, @action, @itemId, @subjectId, @reason, @details)
            """,
            new { now = time.Now(), actor = actor.Id, action, itemId, subjectId, reason, details = details is null ? null : JsonSerializer.Serialize(details, SiloJson.Options) }, ct);

    public async Task<IReadOnlyList<Entry>> ListAsync(DbSession s, string? partNumber, int limit, CancellationToken ct) =>
        (await s.QueryAsync<Row>("""
            SELECT a.id, a.at, u.username AS actor, a.action, i.part_number, COALESCE(su.username, a.subject_id) AS subject, a.reason, a.details
            FROM audit_log a JOIN users u ON u.id = a.actor_id
            LEFT JOIN items i ON i.id = a.item_id LEFT JOIN users su ON su.id = a.subject_id
            WHERE @partNumber IS NULL OR i.part_number = @partNumber
            ORDER BY a.id DESC LIMIT @limit
            """, new { partNumber, limit }, ct))
        .Select(r => new Entry(r.Id, Time.FromStored(r.At), r.Actor, r.Action, r.PartNumber, r.Subject, r.Reason,
            r.Details is null ? null : JsonDocument.Parse(r.Details).RootElement.Clone()))
        .ToList();
}
