using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Lineage;
using Silo.Server.Storage;

namespace Silo.Server.Revisions;

public sealed class RevisionStore(TimeProvider time, LineageStore lineage)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public long Revision { get; init; }
        public string FileHash { get; init; } = "";
        public long FileSize { get; init; }
        public string Comment { get; init; } = "";
        public string Status { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? ReleasedBy { get; init; }
        public long? ReleasedAt { get; init; }
        public long? Version { get; init; }

        public Revision ToView() => new(Id, PartNumber, (int)Revision, FileHash, FileSize, Comment, Status, CreatedBy,
            Time.FromStored(CreatedAt), ReleasedBy, Time.FromStored(ReleasedAt), Version);
    }

    private const string Select = """
        SELECT r.id, i.part_number, r.revision, r.file_hash, r.file_size, r.comment, r.status,
               cu.username AS created_by, r.created_at, ru.username AS released_by, r.released_at, v.version
        FROM revisions r JOIN items i ON i.id = r.item_id JOIN users cu ON cu.id = r.created_by
        LEFT JOIN users ru ON ru.id = r.released_by
        LEFT JOIN versions v ON v.ref_id = r.id AND v.kind = 'revision'
        """;

    /// <summary>
    /// Numbers run 1, 2, 3… per item; the write transaction makes the next number race-free. The new
    /// revision becomes the item's head when its base is the head (or it overwrites); otherwise 409
    /// <c>stale_base</c> and nothing is stored.
    /// </summary>
    public async Task<Revision> CreateAsync(DbSession s, ItemRef item, string fileHash, long fileSize, string comment, PushLineage pushLineage,
        SiloUser user, CancellationToken ct)
    {
        var admission = await lineage.AdmitAsync(s, item, fileHash, pushLineage, ct);
        var next = await s.ScalarAsync<long>("SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE item_id = @Id", new { item.Id }, ct);
        var id = Ids.New(time);
        await s.ExecuteAsync("""
            INSERT INTO revisions(id, item_id, revision, file_hash, file_size, comment, status, created_by, created_at)
            VALUES (@id, @itemId, @next, @fileHash, @fileSize, @comment, @status, @userId, @now)
            """, new { id, itemId = item.Id, next, fileHash, fileSize, comment, status = RevisionStatuses.Draft, userId = user.Id, now = time.Now() }, ct);
        await lineage.RecordAsync(s, item, admission, VersionKinds.Revision, id, fileHash, fileSize, user, context: null, (int)next, ct);
        return (await FindAsync(s, item, (int)next, ct))!;
    }

    public async Task<Revision> ReleaseAsync(DbSession s, ItemRef item, int revision, SiloUser user, CancellationToken ct)
    {
        await s.ExecuteAsync("UPDATE revisions SET status = @status, released_by = @userId, released_at = @now WHERE item_id = @itemId AND revision = @revision",
            new { status = RevisionStatuses.Released, userId = user.Id, now = time.Now(), itemId = item.Id, revision }, ct);
        return (await FindAsync(s, item, revision, ct))!;
    }

    public async Task<Revision?> FindAsync(DbSession s, ItemRef item, int revision, CancellationToken ct) =>
        (await s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE r.item_id = @itemId AND r.revision = @revision", new { itemId = item.Id, revision }, ct))?.ToView();

    public async Task<Revision?> LatestAsync(DbSession s, ItemRef item, CancellationToken ct) =>
        (await s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE r.item_id = @itemId ORDER BY r.revision DESC LIMIT 1", new { itemId = item.Id }, ct))?.ToView();

    public async Task<IReadOnlyList<Revision>> ListAsync(DbSession s, ItemRef item, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE r.item_id = @itemId ORDER BY r.revision", new { itemId = item.Id }, ct)).Select(r => r.ToView()).ToList();
}
