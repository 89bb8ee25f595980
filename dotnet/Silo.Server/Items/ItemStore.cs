using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Items;

public sealed class ItemStore(TimeProvider time)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    internal sealed class Row
    {
        public string Id { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string Category { get; init; } = "";
        public string Project { get; init; } = "";
        public string Description { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? LatestRevision { get; init; }
    }

    private const string Select = """
        SELECT i.id, i.part_number, i.category, i.project, i.description, u.username AS created_by, i.created_at, i.updated_at,
               (SELECT MAX(r.revision) FROM revisions r WHERE r.item_id = i.id) AS latest_revision
        FROM items i JOIN users u ON u.id = i.created_by
        """;

    public async Task<ItemRef> RequireAsync(DbSession s, string partNumber, CancellationToken ct) =>
        await s.QuerySingleOrDefaultAsync<ItemRef>("SELECT id, part_number FROM items WHERE part_number = @partNumber", new { partNumber }, ct)
        ?? throw ProblemException.NotFound($"No item with part number '{partNumber}'.");

    internal static Task<Row?> FindAsync(DbSession s, string partNumber, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE i.part_number = @partNumber", new { partNumber }, ct);

    internal async Task<Row> CreateAsync(DbSession s, NewItem request, string userId, CancellationToken ct)
    {
        var id = Ids.New(time);
        var now = time.Now();
        await s.ExecuteAsync("""
            INSERT INTO items(id, part_number, category, project, description, created_by, created_at, updated_at)
            VALUES (@id, @PartNumber, @Category, @Project, @Description, @userId, @now, @now)
            """, new { id, request.PartNumber, request.Category, request.Project, request.Description, userId, now }, ct);
        return (await FindAsync(s, request.PartNumber!, ct))!;
    }

    internal async Task<Row> UpdateAsync(DbSession s, ItemRef item, UpdateItemRequest request, CancellationToken ct)
    {
        await s.ExecuteAsync("""
            UPDATE items SET category = COALESCE(@Category, category), project = COALESCE(@Project, project),
                             description = COALESCE(@Description, description), updated_at = @now
            WHERE id = @Id
            """, new { request.Category, request.Project, request.Description, now = time.Now(), item.Id }, ct);
        return (await FindAsync(s, item.PartNumber, ct))!;
    }

    internal async Task<(IReadOnlyList<Row> Rows, int Total)> SearchAsync(DbSession s, ItemSearchParameters q, CancellationToken ct)
    {
        var where = new List<string>();
        if (!string.IsNullOrEmpty(q.Search)) where.Add($"({s.Dialect.LikeNoCase("i.part_number")} @pattern ESCAPE '\\' OR {s.Dialect.LikeNoCase("i.description")} @pattern ESCAPE '\\')");
        if (!string.IsNullOrEmpty(q.Category)) where.Add("i.category = @Category");
        if (!string.IsNullOrEmpty(q.Project)) where.Add("i.project = @Project");
        if (q.Locked is { } locked)
            where.Add((locked ? "" : "NOT ") + "EXISTS (SELECT 1 FROM locks l WHERE l.item_id = i.id AND l.expires_at > @now)");
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        var args = new { pattern = "%" + EscapeLike(q.Search ?? "") + "%", q.Category, q.Project, now = time.Now(), q.Limit, q.Offset };
        var total = await s.ScalarAsync<int>("SELECT COUNT(*) FROM items i" + filter, args, ct);
        var rows = await s.QueryAsync<Row>(Select + filter + $" ORDER BY {s.Dialect.NoCaseKey("i.part_number")} LIMIT @Limit OFFSET @Offset", args, ct);
        return (rows.ToList(), total);
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
