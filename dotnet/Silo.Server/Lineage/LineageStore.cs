using System.Text.Json;
using Silo.Server.Audit;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Lineage;

/// <summary>
/// The lineage of every item: its versions in acceptance order and its head. A push is admitted
/// only when it starts from the head's bytes (or explicitly overwrites), inside the push's write
/// transaction, so of two pushes on the same base exactly one can win.
/// </summary>
public sealed class LineageStore(TimeProvider time, AuditLog audit, SiloServerOptions options)
{
    public const string StaleBaseCode = "stale_base";

    /// <summary>What <see cref="AdmitAsync"/> found out; <see cref="RecordAsync"/> acts on it once the revision or checkpoint row exists.</summary>
    /// <param name="Head">The head the push replaces; null for an item's first push.</param>
    /// <param name="Replaces">True when the push overwrites a head it was not derived from.</param>
    public sealed record Admission(ItemVersion? Head, long? BaseVersion, string? BaseHash, bool Replaces)
    {
        public long NextVersion => (Head?.Version ?? 0) + 1;
    }

    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public string ItemId { get; init; } = "";
        public long Version { get; init; }
        public string Kind { get; init; } = "";
        public string Id { get; init; } = "";
        public string FileHash { get; init; } = "";
        public long FileSize { get; init; }
        public string Username { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? Context { get; init; }
        public long? Revision { get; init; }
        public long? BaseVersion { get; init; }
        public string? BaseHash { get; init; }
        public string? BaseKind { get; init; }
        public string? BaseId { get; init; }
        public long? ReplacedVersion { get; init; }
        public string? ReplacedKind { get; init; }
        public string? ReplacedId { get; init; }
        public string? ReplacedHash { get; init; }
        public bool Available { get; init; }

        public ItemVersion ToView() => new(Version, Kind, Id, FileHash, FileSize, Username, Context, (int?)Revision, Time.FromStored(CreatedAt),
            BaseHash is null ? null : new VersionRef(BaseHash, BaseKind, BaseId, BaseVersion),
            ReplacedVersion is null ? null : new VersionRef(ReplacedHash!, ReplacedKind, ReplacedId, ReplacedVersion),
            Available);
    }

    private const string Select = """
        SELECT v.item_id, v.version, v.kind, v.ref_id AS id, v.file_hash, v.file_size, u.username, v.created_at, v.context, v.revision,
               v.base_version, v.base_hash, b.kind AS base_kind, b.ref_id AS base_id,
               v.replaced_version, p.kind AS replaced_kind, p.ref_id AS replaced_id, p.file_hash AS replaced_hash,
               (v.kind = 'revision' OR EXISTS (SELECT 1 FROM checkpoints c WHERE c.id = v.ref_id AND c.expires_at > @now)) AS available
        FROM versions v JOIN users u ON u.id = v.user_id
        LEFT JOIN versions b ON b.item_id = v.item_id AND b.version = v.base_version
        LEFT JOIN versions p ON p.item_id = v.item_id AND p.version = v.replaced_version
        """;

    public async Task<ItemVersion?> HeadAsync(DbSession s, string itemId, CancellationToken ct) =>
        (await HeadsAsync(s, [itemId], ct)).GetValueOrDefault(itemId);

    /// <summary>The heads of many items in one query, by item id; items never pushed to are absent.</summary>
    public async Task<IReadOnlyDictionary<string, ItemVersion>> HeadsAsync(DbSession s, IReadOnlyCollection<string> itemIds, CancellationToken ct)
    {
        if (itemIds.Count == 0) return new Dictionary<string, ItemVersion>(StringComparer.Ordinal);
        var rows = await s.QueryAsync<Row>(Select + $"""
             JOIN items i ON i.id = v.item_id AND i.head_version = v.version
            WHERE {s.Dialect.InList("v.item_id", "@ids")}
            """, new { ids = JsonSerializer.Serialize(itemIds), now = time.Now() }, ct);
        return rows.ToDictionary(r => r.ItemId, r => r.ToView(), StringComparer.Ordinal);
    }

    /// <summary>Newest first; <paramref name="fileHash"/> narrows to the versions with those bytes.</summary>
    public async Task<IReadOnlyList<ItemVersion>> ListAsync(DbSession s, string itemId, string? fileHash, int limit, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE v.item_id = @itemId AND (@fileHash IS NULL OR v.file_hash = @fileHash) ORDER BY v.version DESC LIMIT @limit",
            new { itemId, fileHash = fileHash?.ToLowerInvariant(), limit, now = time.Now() }, ct))
        .Select(r => r.ToView()).ToList();

    /// <summary>
    /// Admits a push whose file was derived from the head's bytes, or is those very bytes; refuses
    /// any other (409 <c>stale_base</c> naming the head) unless it overwrites. A first push needs no base.
    /// </summary>
    /// <param name="fileHash">The pushed file's SHA-256.</param>
    /// <exception cref="ProblemException">409 <c>stale_base</c>; nothing has been written.</exception>
    public async Task<Admission> AdmitAsync(DbSession s, ItemRef item, string fileHash, PushLineage lineage, CancellationToken ct)
    {
        var head = await HeadAsync(s, item.Id, ct);
        var baseHash = lineage.Base?.FileHash?.ToLowerInvariant();
        if (head is null) return new Admission(null, null, baseHash, Replaces: false);
        // Bytes, not ids, decide: a file derived from the head's bytes loses nothing of the head,
        // whichever version those bytes were first recorded as; nor does a push of the head's bytes.
        if (baseHash == head.FileHash || fileHash == head.FileHash) return new Admission(head, head.Version, baseHash ?? head.FileHash, Replaces: false);
        if (!lineage.Overwrite) throw Stale(item, head, lineage.Base);
        var known = baseHash is null ? null : await s.QuerySingleOrDefaultAsync<long?>("""
            SELECT version FROM versions WHERE item_id = @itemId AND file_hash = @baseHash
            ORDER BY (ref_id = @id) DESC, version DESC LIMIT 1
            """, new { itemId = item.Id, baseHash, id = lineage.Base?.Id }, ct);
        return new Admission(head, known, baseHash, Replaces: true);
    }

    /// <summary>
    /// Makes the new revision or checkpoint the head. The head it follows starts its checkpoint
    /// expiry now, unless this push overwrote it: then it is kept for good, and the overwrite is
    /// audited with the head it replaced.
    /// </summary>
    /// <returns>The new version number.</returns>
    public async Task<long> RecordAsync(DbSession s, ItemRef item, Admission admission, string kind, string refId, string fileHash, long fileSize,
        SiloUser user, string? context, int? revision, CancellationToken ct)
    {
        var version = admission.NextVersion;
        var now = time.Now();
        await s.ExecuteAsync("""
            INSERT INTO versions(item_id, version, kind, ref_id, file_hash, file_size, user_id, created_at, context, revision, base_version, base_hash, replaced_version)
            VALUES (@itemId, @version, @kind, @refId, @fileHash, @fileSize, @userId, @now, @context, @revision, @BaseVersion, @BaseHash, @replaced)
            """,
            new
            {
                itemId = item.Id, version, kind, refId, fileHash, fileSize, userId = user.Id, now, context, revision,
                admission.BaseVersion, admission.BaseHash, replaced = admission.Replaces ? admission.Head?.Version : null,
            }, ct);
        await s.ExecuteAsync("UPDATE items SET head_version = @version WHERE id = @Id", new { version, item.Id }, ct);

        if (admission.Head is not { } previous) return version;
        if (admission.Replaces)
        {
            await audit.RecordAsync(s, user, "lineage.overwrite", item.Id, await AuthorIdAsync(s, item, previous, ct), reason: null,
                new { part_number = item.PartNumber, replaced = previous, new_version = version, new_kind = kind, new_id = refId, base_hash = admission.BaseHash }, ct);
        }
        else if (previous.Kind == VersionKinds.Checkpoint)
        {
            await s.ExecuteAsync("UPDATE checkpoints SET expires_at = @expiresAt WHERE id = @Id AND expires_at = @never",
                new { expiresAt = now + (long)options.CheckpointTtl.Value.TotalMilliseconds, previous.Id, never = Time.Never }, ct);
        }
        return version;
    }

    /// <summary>A checkpoint that must not be deleted: the head, or a head an overwrite replaced.</summary>
    public Task<bool> IsKeptAsync(DbSession s, ItemRef item, string checkpointId, CancellationToken ct) =>
        s.ScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM versions v JOIN items i ON i.id = v.item_id
                           WHERE v.item_id = @itemId AND v.kind = 'checkpoint' AND v.ref_id = @checkpointId
                             AND (v.version = i.head_version
                                  OR EXISTS (SELECT 1 FROM versions o WHERE o.item_id = v.item_id AND o.replaced_version = v.version)))
            """, new { itemId = item.Id, checkpointId }, ct);

    private static Task<string?> AuthorIdAsync(DbSession s, ItemRef item, ItemVersion version, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<string>("SELECT user_id FROM versions WHERE item_id = @Id AND version = @Version", new { item.Id, version.Version }, ct);

    private static ProblemException Stale(ItemRef item, ItemVersion head, VersionRef? pushedBase) =>
        ProblemException.Conflict(
            $"{item.PartNumber} has a newer version than the file this push was derived from: {head.Describe()}. "
            + "Update to it and redo the change, or push again with overwrite to replace it (it stays downloadable).",
            new Dictionary<string, object?> { ["code"] = StaleBaseCode, ["head"] = head, ["base"] = pushedBase });
}
