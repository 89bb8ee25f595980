using System.Text.Json;
using Silo.Server.Json;
using Silo.Server.Storage;

namespace Silo.Server.Events;

/// <summary>
/// The persisted, append-only log behind <c>GET /api/events</c>. Appends join the caller's write
/// transaction, so an event exists exactly when the change it reports does.
/// </summary>
public sealed class EventLog(TimeProvider time, IEventCommitSignal committed)
{
    private const string FloorKey = "event_floor";

    /// <summary>
    /// The events a reader (<c>@user</c>, <c>@workstation</c>) may see, in SQL; the same rule as
    /// <see cref="EventAudience.Admits"/>. A listed event is found through its recipient row by key, an
    /// item's presence through the view <c>presence_audience</c> by item and workstation.
    /// </summary>
    private const string ReaderFilter = """
        (audience_user_id IS NULL OR audience_user_id = @user)
          AND ((audience_listed = 0 AND (audience_workstation_id IS NULL OR audience_workstation_id = @workstation))
            OR (audience_listed = 1 AND EXISTS (SELECT 1 FROM event_recipients r WHERE r.event_id = events.id AND r.workstation_id = @workstation))
            OR (audience_listed = 2 AND (@workstation IS NULL OR audience_workstation_id = @workstation
                OR EXISTS (SELECT 1 FROM presence_audience a WHERE a.item_id = events.item_id AND a.workstation_id = @workstation))))
        """;

    /// <summary>What a <see cref="Row"/> needs to become a frame with its audience.</summary>
    private const string FrameColumns = "id, type, item_id, part_number, created_at, data, audience_user_id, audience_workstation_id, audience_listed";

    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public long Id { get; init; }
        public string Type { get; init; } = "";
        public string? ItemId { get; init; }
        public string? PartNumber { get; init; }
        public long CreatedAt { get; init; }
        public string Data { get; init; } = "";
        public string? AudienceUserId { get; init; }
        public string? AudienceWorkstationId { get; init; }
        public long AudienceListed { get; init; }

        public ListedAudience Listed => (ListedAudience)AudienceListed;

        /// <param name="recipients">Of a listed event, the workstations it reaches (for an item's presence, the session's own included).</param>
        public EventFrame ToFrame(IReadOnlySet<string>? recipients) =>
            new(Id, AudienceUserId, Listed == ListedAudience.None ? AudienceWorkstationId : null, Listed == ListedAudience.None ? null : recipients ?? Nobody,
                Listed == ListedAudience.ItemPresence, EventFrames.Render(Id, Type, PartNumber, Time.FromStored(CreatedAt), Data));
    }

    private sealed class Audience
    {
        public string ItemId { get; init; } = "";
        public string WorkstationId { get; init; } = "";
    }

    private sealed class Recipient
    {
        public long EventId { get; init; }
        public string WorkstationId { get; init; } = "";
    }

    private static readonly IReadOnlySet<string> Nobody = new HashSet<string>();

    public async Task<long> AppendAsync(DbSession s, string type, string? itemId, string? partNumber, object data, EventAudience? audience, CancellationToken ct)
    {
        var json = SerializeData(type, data);
        audience ??= EventAudience.Everyone;
        await TakeIdsInCommitOrderAsync(s, ct);
        var id = await s.ScalarAsync<long>("""
            INSERT INTO events(type, item_id, part_number, audience_user_id, audience_workstation_id, audience_listed, data, created_at)
            VALUES (@type, @itemId, @partNumber, @user, @workstation, @listed, @data, @now) RETURNING id
            """,
            new
            {
                type, itemId, partNumber, user = audience.UserId, workstation = audience.WorkstationId,
                listed = (long)(audience.ItemPresence ? ListedAudience.ItemPresence : ListedAudience.None), data = json, now = time.Now(),
            }, ct);
        s.AfterCommitOnce(committed.Committed);
        return id;
    }

    /// <summary>
    /// A reader resumes "after N", so an id must never become visible after a larger one has. With
    /// one writer (SQLite) ids are taken and committed in one order; with several (PostgreSQL) a
    /// transaction that took id 7 could commit after one that took 8, and a reader that saw 8 would
    /// skip 7. So appending transactions queue on one lock, held until they commit, before taking
    /// ids: ids then become visible in the order they were taken. Only the appending tail of a write
    /// is serialised, and only among appending writes.
    /// </summary>
    private static async Task TakeIdsInCommitOrderAsync(DbSession s, CancellationToken ct)
    {
        if (s.Dialect.EventIdOrder is { } sql) await s.ExecuteAsync(sql, null, ct);
    }

    /// <summary>
    /// An event's data as stored and sent. For every event of <see cref="EventTypes"/> it must be
    /// the record <see cref="EventPayloads"/> names, the record clients decode it with.
    /// </summary>
    internal static string SerializeData(string type, object data)
    {
        if (EventPayloads.For(type) is { } record && record != data.GetType())
            throw new InvalidOperationException($"The data of '{type}' must be a {record.Name}, not a {data.GetType().Name}.");
        return JsonSerializer.Serialize(data, data.GetType(), SiloJson.Options);
    }

    /// <summary>
    /// One event told to each of many workstations: stored, read and rendered once, with its
    /// workstations listed beside it (<c>event_recipients</c>), so its cost barely grows with how many there are.
    /// </summary>
    /// <returns>How many workstations it was told to; none means no event at all.</returns>
    public async Task<int> AppendToWorkstationsAsync(DbSession s, string type, string? itemId, string? partNumber, object data,
        IReadOnlyCollection<string> workstationIds, CancellationToken ct)
    {
        if (workstationIds.Count == 0) return 0;
        var json = SerializeData(type, data);
        await TakeIdsInCommitOrderAsync(s, ct);
        var id = await s.ScalarAsync<long>("""
            INSERT INTO events(type, item_id, part_number, audience_listed, data, created_at)
            VALUES (@type, @itemId, @partNumber, 1, @data, @now) RETURNING id
            """, new { type, itemId, partNumber, data = json, now = time.Now() }, ct);
        var told = await s.ExecuteAsync($"""
            INSERT INTO event_recipients(event_id, workstation_id)
            SELECT DISTINCT @id, j.value FROM {s.Dialect.JsonValues("@workstations", "j")}
            """, new { id, workstations = JsonSerializer.Serialize(workstationIds) }, ct);
        s.AfterCommitOnce(committed.Committed);
        return told;
    }

    public async Task<IReadOnlyList<SiloEvent>> ReadAfterAsync(DbSession s, long after, EventReader reader, int limit, CancellationToken ct)
    {
        var rows = await s.QueryAsync<Row>($"""
            SELECT id, type, part_number, created_at, data FROM events
            WHERE id > @after AND {ReaderFilter}
            ORDER BY id LIMIT @limit
            """, new { after, user = reader.UserId, workstation = reader.WorkstationId, limit }, ct);
        return rows.Select(ToEvent).ToList();
    }

    /// <summary>The events after <paramref name="after"/> that <paramref name="reader"/> may see, rendered for the stream.</summary>
    public async Task<IReadOnlyList<EventFrame>> ReadFramesAfterAsync(DbSession s, long after, EventReader reader, int limit, CancellationToken ct)
    {
        var rows = await s.QueryAsync<Row>($"""
            SELECT {FrameColumns} FROM events
            WHERE id > @after AND {ReaderFilter}
            ORDER BY id LIMIT @limit
            """, new { after, user = reader.UserId, workstation = reader.WorkstationId, limit }, ct);
        // A listed event passed the filter because this reader is among its workstations (or, for an
        // item's presence, names none).
        IReadOnlySet<string>? self = reader.WorkstationId is { } workstation ? new HashSet<string>(StringComparer.Ordinal) { workstation } : null;
        return rows.Select(r => r.ToFrame(self)).ToList();
    }

    /// <summary>Every event after <paramref name="after"/>, whoever it is for: what the broadcaster hands out.</summary>
    public async Task<IReadOnlyList<EventFrame>> ReadAllFramesAfterAsync(DbSession s, long after, int limit, CancellationToken ct)
    {
        var rows = (await s.QueryAsync<Row>($"""
            SELECT {FrameColumns} FROM events
            WHERE id > @after ORDER BY id LIMIT @limit
            """, new { after, limit }, ct)).ToList();
        var recipients = new Dictionary<long, HashSet<string>>();
        var listed = rows.Where(r => r.Listed == ListedAudience.Workstations).ToList();
        if (listed.Count > 0)
        {
            // One range read for the whole batch; the recipients committed with their events, so
            // every event read above has all of them.
            foreach (var r in await s.QueryAsync<Recipient>("""
                SELECT event_id, workstation_id FROM event_recipients WHERE event_id >= @first AND event_id <= @last
                """, new { first = listed[0].Id, last = listed[^1].Id }, ct))
            {
                if (!recipients.TryGetValue(r.EventId, out var set)) recipients[r.EventId] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(r.WorkstationId);
            }
        }
        var presence = rows.Where(r => r.Listed == ListedAudience.ItemPresence).ToList();
        if (presence.Count > 0)
        {
            // One read for the batch's items: who hears about each now.
            var audiences = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var a in await s.QueryAsync<Audience>($"""
                SELECT item_id, workstation_id FROM presence_audience WHERE {s.Dialect.InList("item_id", "@items")}
                """, new { items = JsonSerializer.Serialize(presence.Select(r => r.ItemId).Distinct()) }, ct))
            {
                if (!audiences.TryGetValue(a.ItemId, out var list)) audiences[a.ItemId] = list = [];
                list.Add(a.WorkstationId);
            }
            foreach (var r in presence)
            {
                var set = new HashSet<string>(r.ItemId is { } item ? audiences.GetValueOrDefault(item, []) : [], StringComparer.Ordinal);
                if (r.AudienceWorkstationId is { } own) set.Add(own);
                recipients[r.Id] = set;
            }
        }
        return rows.Select(r => r.ToFrame(recipients.GetValueOrDefault(r.Id))).ToList();
    }

    /// <summary>The newest id ever assigned, even when pruning has removed it.</summary>
    public async Task<long> HeadAsync(DbSession s, CancellationToken ct) =>
        Math.Max(await s.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM events", null, ct), await FloorAsync(s, ct));

    /// <summary>The newest pruned id: a reader resuming before it has missed events.</summary>
    public async Task<long> FloorAsync(DbSession s, CancellationToken ct) =>
        long.Parse(await s.QuerySingleOrDefaultAsync<string>("SELECT value FROM server_state WHERE key = @FloorKey", new { FloorKey }, ct) ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);

    /// <returns>How many events were removed.</returns>
    public async Task<int> PruneAsync(DbSession s, TimeSpan retention, CancellationToken ct)
    {
        var cutoff = Time.ToStored(time.GetUtcNow() - retention);
        var newest = await s.ScalarAsync<long?>("SELECT MAX(id) FROM events WHERE created_at < @cutoff", new { cutoff }, ct);
        if (newest is null) return 0;
        var removed = await s.ExecuteAsync("DELETE FROM events WHERE id <= @newest", new { newest }, ct);
        await s.ExecuteAsync("DELETE FROM event_recipients WHERE event_id <= @newest", new { newest }, ct);
        await s.ExecuteAsync("INSERT INTO server_state(key, value) VALUES (@FloorKey, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            new { FloorKey, value = newest.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return removed;
    }

    private static SiloEvent ToEvent(Row r)
    {
        using var doc = JsonDocument.Parse(r.Data);
        return new SiloEvent(r.Id, r.Type, r.PartNumber, Time.FromStored(r.CreatedAt), doc.RootElement.Clone());
    }
}
