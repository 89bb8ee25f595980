using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Subscriptions;

/// <summary>Steps the subscription and sync tests share: workstations, revisions, checkpoints, event streams.</summary>
public static class SubscriptionTestKit
{
    public static Task<string> RegisterWorkstationAsync(HttpClient client, string name) => TestWorkstations.RegisterAsync(client, name);

    public static async Task<JsonElement> SubscribeAsync(HttpClient client, string workstationId, string type, string target,
        string revisionPolicy = "latest_released", int? pinnedRevision = null) =>
        await HttpAssert.JsonAsync(await client.PostJsonAsync($"/api/workstations/{workstationId}/subscriptions",
            new { type, target, revision_policy = revisionPolicy, pinned_revision = pinnedRevision }), HttpStatusCode.Created);

    /// <returns>The new revision's number and file hash.</returns>
    public static async Task<(int Revision, string Hash)> CreateRevisionAsync(HttpClient client, string partNumber, string content)
    {
        using var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var file = await HttpAssert.JsonAsync(await client.PostAsync($"/api/items/{partNumber}/file", bytes), HttpStatusCode.Created);
        var hash = file.GetProperty("sha256").GetString()!;
        var revision = await HttpAssert.JsonAsync(await client.PostJsonAsync($"/api/items/{partNumber}/revisions",
            new { file_hash = hash, @base = await client.HeadBaseAsync(partNumber) }), HttpStatusCode.Created);
        return (revision.GetProperty("revision").GetInt32(), hash);
    }

    public static async Task ReleaseAsync(HttpClient client, string partNumber, int revision) =>
        await HttpAssert.JsonAsync(await client.PostAsync($"/api/items/{partNumber}/revisions/{revision}/release", null), HttpStatusCode.OK);

    /// <summary>
    /// A checkpoint row (and its blob row) written straight into the database, at the server
    /// clock's present, for tests that must not depend on the checkpoint endpoint. It becomes the
    /// item's head, as an accepted push would.
    /// </summary>
    /// <returns>The checkpoint id and its file hash.</returns>
    public static async Task<(string Id, string Hash)> InsertCheckpointAsync(SiloTestServer server, string partNumber, string username,
        string context = "body_close", TimeSpan? lifetime = null)
    {
        var id = Guid.NewGuid().ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        var now = server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)(lifetime ?? TimeSpan.FromDays(30)).TotalMilliseconds;
        await server.Services.GetRequiredService<IDatabase>().WriteAsync(async s =>
        {
            await s.ExecuteAsync("INSERT INTO blobs(sha256, size, created_at) VALUES (@hash, 10, @now)", new { hash, now }, CancellationToken.None);
            return await s.ExecuteAsync("""
                INSERT INTO checkpoints(id, item_id, user_id, session_id, context, file_hash, file_size, dag_synced, created_at, expires_at)
                SELECT @id, i.id, u.id, NULL, @context, @hash, 10, 0, @now, @expires
                FROM items i, users u WHERE i.part_number = @partNumber AND u.username = @username;
                INSERT INTO versions(item_id, version, kind, ref_id, file_hash, file_size, user_id, created_at, context, base_version)
                SELECT c.item_id, COALESCE(i.head_version, 0) + 1, 'checkpoint', c.id, c.file_hash, c.file_size, c.user_id, c.created_at, c.context, i.head_version
                FROM checkpoints c JOIN items i ON i.id = c.item_id WHERE c.id = @id;
                UPDATE items SET head_version = (SELECT MAX(version) FROM versions v WHERE v.item_id = items.id) WHERE part_number = @partNumber;
                """, new { id, context, hash, now, expires, partNumber, username }, CancellationToken.None);
        }, CancellationToken.None);
        return (id, hash);
    }

    public static Task<SseClient> StreamAsync(HttpClient client, string workstationId) =>
        SseClient.ConnectAsync(client, path: $"/api/events?workstation_id={workstationId}");

    /// <summary>
    /// Reads events until one matches <paramref name="until"/>. A public event appended after the
    /// change under test serves as a marker: whatever the change addressed to this stream arrives
    /// before it, so "not among these" proves "not delivered" without waiting for a timeout.
    /// </summary>
    public static async Task<List<SseMessage>> ReadUntilAsync(SseClient sse, Func<SseMessage, bool> until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<SseMessage>();
        while (true)
        {
            var message = await sse.ReadEventAsync(timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            seen.Add(message);
            if (until(message)) return seen;
        }
    }

    public static bool IsItemCreated(SseMessage m, string partNumber) =>
        m.Type == "item.created" && m.Json.GetProperty("part_number").GetString() == partNumber;

    public static async Task<JsonElement> DiffAsync(HttpClient client, string workstationId, string query = "") =>
        await HttpAssert.JsonAsync(await client.GetAsync($"/api/workstations/{workstationId}/sync-diff{query}"), HttpStatusCode.OK);

    /// <summary>Every entry of a diff page, as (part number, action).</summary>
    public static List<(string PartNumber, string Action)> Entries(JsonElement diff) =>
        new[] { "downloads", "updates", "removals" }
            .SelectMany(list => diff.GetProperty(list).EnumerateArray())
            .Select(e => (e.GetProperty("part_number").GetString()!, e.GetProperty("action").GetString()!))
            .OrderBy(e => e.Item1, StringComparer.Ordinal)
            .ToList();
}
