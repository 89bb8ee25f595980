using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Checkpoints;

/// <summary>
/// The client side of the checkpoint push flow, and direct SQL for state owned by features built
/// in parallel (edit sessions, subscriptions).
/// </summary>
internal static class CheckpointKit
{
    public static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static Task<HttpResponseMessage> RequestUploadUrlAsync(HttpClient client, string partNumber, string sha256, long size) =>
        client.PostJsonAsync($"/api/items/{partNumber}/checkpoint/upload-url", new { sha256, size });

    public static Task<HttpResponseMessage> PutBlobAsync(HttpClient client, string url, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PutAsync(url, content);
    }

    /// <summary>Steps 1 and 2 of a push: ask for an upload URL, PUT the bytes unless already stored.</summary>
    /// <returns>The file's SHA-256.</returns>
    public static async Task<string> UploadAsync(SiloTestServer server, HttpClient client, string partNumber, byte[] bytes)
    {
        var sha = Sha256(bytes);
        var grant = await HttpAssert.JsonAsync(await RequestUploadUrlAsync(client, partNumber, sha, bytes.Length), HttpStatusCode.OK);
        if (!grant.GetProperty("already_stored").GetBoolean())
        {
            // The URL is the authorisation: send it without the bearer token.
            using var anonymous = server.Client();
            var stored = await HttpAssert.JsonAsync(await PutBlobAsync(anonymous, grant.GetProperty("upload_url").GetString()!, bytes), HttpStatusCode.Created);
            Assert.Equal(sha, stored.GetProperty("sha256").GetString());
        }
        return sha;
    }

    public static Dictionary<string, object?> Body(string sha256, long size, string context, string? sessionId = null, object? dag = null)
    {
        var body = new Dictionary<string, object?> { ["file_hash"] = sha256, ["file_size"] = size, ["context"] = context };
        if (sessionId is not null) body["session_id"] = sessionId;
        if (dag is not null) body["dag"] = dag;
        return body;
    }

    public static Task<HttpResponseMessage> PostCheckpointAsync(HttpClient client, string partNumber, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/items/{partNumber}/checkpoint")
        {
            Content = System.Net.Http.Json.JsonContent.Create(body, options: Silo.Server.Json.SiloJson.Options),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>The whole push of an up-to-date client: upload-url → PUT → POST checkpoint on the head; returns the 201 body.</summary>
    public static async Task<JsonElement> PushAsync(SiloTestServer server, HttpClient client, string partNumber, byte[] bytes, string context,
        string? sessionId = null, object? dag = null)
    {
        var sha = await UploadAsync(server, client, partNumber, bytes);
        return await HttpAssert.JsonAsync(await PostCheckpointAsync(client, partNumber, await OnHeadAsync(client, partNumber, Body(sha, bytes.Length, context, sessionId, dag))),
            HttpStatusCode.Created);
    }

    /// <summary>Adds the item's current head as the body's base.</summary>
    public static async Task<Dictionary<string, object?>> OnHeadAsync(HttpClient client, string partNumber, Dictionary<string, object?> body)
    {
        body["base"] = await client.HeadBaseAsync(partNumber);
        return body;
    }

    public static object Dag(params (string From, string To)[] edges)
    {
        var ids = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().ToList();
        return new
        {
            nodes = ids.Select(id => new { id, type = "PartDesign::Feature", label = id + " label" }).ToList(),
            edges = edges.Select(e => new { from = e.From, to = e.To }).ToList(),
        };
    }

    public static IDatabase Db(this SiloTestServer server) => server.Services.GetRequiredService<IDatabase>();

    public static Task<T> ScalarAsync<T>(this SiloTestServer server, string sql, object? args = null) =>
        server.Db().ReadAsync(s => s.ScalarAsync<T>(sql, args, CancellationToken.None), CancellationToken.None);

    public static Task<int> ExecuteAsync(this SiloTestServer server, string sql, object? args = null) =>
        server.Db().WriteAsync(s => s.ExecuteAsync(sql, args, CancellationToken.None), CancellationToken.None);

    public static Task<string> ItemIdAsync(this SiloTestServer server, string partNumber) =>
        server.ScalarAsync<string>("SELECT id FROM items WHERE part_number = @partNumber", new { partNumber });

    public static Task<string> UserIdAsync(this SiloTestServer server, string username) =>
        server.ScalarAsync<string>("SELECT id FROM users WHERE username = @username", new { username });

    public static Task<long> EventCountAsync(this SiloTestServer server) => server.ScalarAsync<long>("SELECT COUNT(*) FROM events");

    public static string BlobPath(this SiloTestServer server, string sha256) => Path.Combine(server.DataDir, "blobs", sha256[..2], sha256);

    public static string[] TempFiles(this SiloTestServer server) => Directory.GetFiles(Path.Combine(server.DataDir, "blobs", "tmp"));

    /// <summary>An edit-session row as the edit-session API would grant it (that API is built separately).</summary>
    public static async Task<string> InsertSessionAsync(this SiloTestServer server, string partNumber, string username, string objectId,
        long fencingToken, TimeSpan expiresIn, string workstationId = "ws-test")
    {
        var id = Guid.NewGuid().ToString();
        var now = server.Clock.GetUtcNow();
        await server.ExecuteAsync("""
            INSERT INTO edit_sessions(id, item_id, user_id, workstation_id, context_level, object_id, cone, fencing_token, acquired_at, expires_at)
            VALUES (@id, @itemId, @userId, @workstationId, 'partdesign', @objectId, '[]', @fencingToken, @acquiredAt, @expiresAt)
            """,
            new
            {
                id, itemId = await server.ItemIdAsync(partNumber), userId = await server.UserIdAsync(username), workstationId, objectId, fencingToken,
                acquiredAt = now.ToUnixTimeMilliseconds(), expiresAt = (now + expiresIn).ToUnixTimeMilliseconds(),
            });
        return id;
    }

    public static Task<string> RegisterWorkstationAsync(HttpClient client, string name) => TestWorkstations.RegisterAsync(client, name);

    /// <summary>A subscription row as the subscriptions API would create it (that API is built separately).</summary>
    public static Task SubscribeAsync(this SiloTestServer server, IEnumerable<string> workstationIds, string type, string target, string policy = "latest", bool paused = false) =>
        server.ExecuteAsync("""
            INSERT INTO subscriptions(id, workstation_id, type, target, revision_policy, paused, created_at)
            VALUES (@Id, @WorkstationId, @Type, @Target, @Policy, @Paused, 0)
            """,
            workstationIds.Select(w => new { Id = Guid.NewGuid().ToString(), WorkstationId = w, Type = type, Target = target, Policy = policy, Paused = Flag.ToStored(paused) }).ToList());
}
