using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Silo.Server.Json;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// One simulated user at a workstation, talking to a <see cref="ServerCluster"/>: every request
/// goes to an instance picked at random, and is recorded with its timing and answer.
/// </summary>
internal sealed class ClusterClient(ServerCluster cluster, HistoryRecorder recorder, int number, string user, string token, string workstation)
{
    public int Number { get; } = number;

    public string User { get; } = user;

    public string Token { get; } = token;

    public string Workstation { get; } = workstation;

    /// <summary>A user with an editor's token and one registered workstation.</summary>
    public static async Task<ClusterClient> CreateAsync(ServerCluster cluster, HistoryRecorder recorder, int number, string user, CancellationToken ct)
    {
        var created = await SendForJsonAsync(cluster, 0, HttpMethod.Post, "/api/users", cluster.AdminToken, new { username = user, role = "editor" }, ct);
        var token = created.GetProperty("token").GetString()!;
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var workstation = await SendForJsonAsync(cluster, 0, HttpMethod.Post, "/api/workstations", token, new { name = user + "-ws", fingerprint }, ct);
        return new ClusterClient(cluster, recorder, number, user, token, workstation.GetProperty("id").GetString()!);
    }

    public static async Task CreateItemAsync(ServerCluster cluster, string partNumber, CancellationToken ct) =>
        await SendForJsonAsync(cluster, 0, HttpMethod.Post, "/api/items", cluster.AdminToken,
            new { part_number = partNumber, category = "Brackets", project = "Rover", description = "Multi-instance test part" }, ct);

    /// <summary>Takes, or renews, the item's lock for <paramref name="ttlSeconds"/>.</summary>
    public Task<HistoryEntry> AcquireLockAsync(string item, int ttlSeconds, CancellationToken ct) =>
        RecordAsync(OperationKind.LockAcquire, item, HttpMethod.Post, $"/api/items/{item}/lock", new { ttl_seconds = ttlSeconds }, null,
            (entry, body) => entry with { LockId = body.GetProperty("id").GetString(), ExpiresAt = body.GetProperty("expires_at").GetDateTimeOffset(), NewGrant = entry.Status == 201 },
            ct);

    public Task<HistoryEntry> ReleaseLockAsync(string item, CancellationToken ct) =>
        RecordAsync(OperationKind.LockRelease, item, HttpMethod.Delete, $"/api/items/{item}/lock", null, null, null, ct);

    public Task<HistoryEntry> AcquireSessionAsync(string item, string objectId, CancellationToken ct) =>
        RecordAsync(OperationKind.SessionAcquire, item, HttpMethod.Post, $"/api/items/{item}/edit-session",
            new { workstation_id = Workstation, context_level = "partdesign", object_id = objectId, dependency_cone = new[] { objectId } },
            e => e with { ObjectId = objectId, Workstation = Workstation },
            (entry, body) => entry with
            {
                SessionId = body.GetProperty("session_id").GetString(),
                FencingToken = body.GetProperty("fencing_token").GetInt64(),
                ExpiresAt = body.GetProperty("expires_at").GetDateTimeOffset(),
            },
            ct);

    public Task<HistoryEntry> ReleaseSessionAsync(string item, string sessionId, CancellationToken ct) =>
        RecordAsync(OperationKind.SessionRelease, item, HttpMethod.Delete, $"/api/items/{item}/edit-session/{sessionId}", null,
            e => e with { SessionId = sessionId }, null, ct);

    public Task<HistoryEntry> HeartbeatAsync(CancellationToken ct) =>
        RecordAsync(OperationKind.Heartbeat, "", HttpMethod.Post, $"/api/workstations/{Workstation}/heartbeat", new { },
            e => e with { Workstation = Workstation },
            (entry, body) => entry with { Renewed = body.GetProperty("renewed").GetInt32(), ExpiresAt = body.GetProperty("expires_at").GetDateTimeOffset() },
            ct);

    /// <returns>The entry, and the head's file hash (null before the first push) when granted.</returns>
    public async Task<(HistoryEntry Entry, string? HeadHash)> ReadHeadAsync(string item, CancellationToken ct)
    {
        string? head = null;
        var entry = await RecordAsync(OperationKind.HeadRead, item, HttpMethod.Get, $"/api/items/{item}", null, null, (e, body) =>
        {
            var h = body.GetProperty("head");
            head = h.ValueKind == JsonValueKind.Null ? null : h.GetProperty("file_hash").GetString();
            return e;
        }, ct);
        return (entry, head);
    }

    /// <summary>Asks for an upload URL and PUTs the bytes there (on another random instance), as one recorded step.</summary>
    public async Task<HistoryEntry> UploadAsync(string item, byte[] bytes, CancellationToken ct)
    {
        var hash = Sha256(bytes);
        var instance = cluster.RandomInstance();
        var invoked = DateTimeOffset.UtcNow;
        HistoryEntry Done(Outcome outcome, int status) =>
            Record(new HistoryEntry(Number, User, instance, OperationKind.Upload, item, invoked, DateTimeOffset.UtcNow, outcome, status) { FileHash = hash });
        try
        {
            using var grantResponse = await SendAsync(instance, HttpMethod.Post, $"/api/items/{item}/checkpoint/upload-url", Token, new { sha256 = hash, size = bytes.Length }, null, ct);
            if (!grantResponse.IsSuccessStatusCode) return Done(Classify((int)grantResponse.StatusCode), (int)grantResponse.StatusCode);
            var grant = await grantResponse.Content.ReadFromJsonAsync<JsonElement>(SiloJson.Options, ct);
            if (grant.GetProperty("already_stored").GetBoolean()) return Done(Outcome.Granted, 200);

            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            instance = cluster.RandomInstance();
            using var put = cluster.Request(instance, HttpMethod.Put, grant.GetProperty("upload_url").GetString()!, token: null, content);
            using var stored = await cluster.Http.SendAsync(put, ct);
            return Done(Classify((int)stored.StatusCode), (int)stored.StatusCode);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            return Done(Outcome.Failed, 0);
        }
    }

    /// <param name="baseHash">The head the file was derived from, as this client last saw it.</param>
    public Task<HistoryEntry> PushCheckpointAsync(string item, string fileHash, long size, string? baseHash, string? sessionId, string? idempotencyKey, CancellationToken ct)
    {
        var body = new Dictionary<string, object?> { ["file_hash"] = fileHash, ["file_size"] = size, ["context"] = "sketch_close" };
        if (baseHash is not null) body["base"] = new { file_hash = baseHash };
        if (sessionId is not null) body["session_id"] = sessionId;
        return RecordAsync(OperationKind.Checkpoint, item, HttpMethod.Post, $"/api/items/{item}/checkpoint", body,
            e => e with { FileHash = fileHash, BaseHash = baseHash, SessionId = sessionId },
            (entry, result) => entry with
            {
                Version = result.GetProperty("version").GetInt64(),
                CheckpointId = result.GetProperty("checkpoint_id").GetString(),
            },
            ct, idempotencyKey);
    }

    private async Task<HistoryEntry> RecordAsync(OperationKind kind, string item, HttpMethod method, string path, object? body,
        Func<HistoryEntry, HistoryEntry>? describe, Func<HistoryEntry, JsonElement, HistoryEntry>? granted, CancellationToken ct, string? idempotencyKey = null)
    {
        var instance = cluster.RandomInstance();
        var invoked = DateTimeOffset.UtcNow;
        HistoryEntry entry;
        try
        {
            using var response = await SendAsync(instance, method, path, Token, body, idempotencyKey, ct);
            var status = (int)response.StatusCode;
            entry = new HistoryEntry(Number, User, instance, kind, item, invoked, DateTimeOffset.UtcNow, Classify(status), status);
            if (describe is not null) entry = describe(entry);
            if (entry.Outcome == Outcome.Granted && granted is not null)
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(SiloJson.Options, ct);
                entry = granted(entry, json);
            }
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            entry = new HistoryEntry(Number, User, instance, kind, item, invoked, DateTimeOffset.UtcNow, Outcome.Failed, 0);
            if (describe is not null) entry = describe(entry);
        }
        return Record(entry);
    }

    private HistoryEntry Record(HistoryEntry entry)
    {
        recorder.Record(entry);
        return entry;
    }

    private Task<HttpResponseMessage> SendAsync(int instance, HttpMethod method, string path, string? token, object? body, string? idempotencyKey, CancellationToken ct) =>
        SendAsync(cluster, instance, method, path, token, body, idempotencyKey, ct);

    private static async Task<HttpResponseMessage> SendAsync(ServerCluster cluster, int instance, HttpMethod method, string path, string? token, object? body,
        string? idempotencyKey, CancellationToken ct)
    {
        using var request = cluster.Request(instance, method, path, token, body is null ? null : JsonContent.Create(body, options: SiloJson.Options));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await cluster.Http.SendAsync(request, ct);
    }

    private static async Task<JsonElement> SendForJsonAsync(ServerCluster cluster, int instance, HttpMethod method, string path, string token, object body, CancellationToken ct)
    {
        using var response = await SendAsync(cluster, instance, method, path, token, body, null, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A 5xx says as little about what happened as no answer at all.</summary>
    private static Outcome Classify(int status) => status switch
    {
        >= 200 and < 300 => Outcome.Granted,
        >= 400 and < 500 => Outcome.Refused,
        _ => Outcome.Failed,
    };

    /// <summary>No answer: refused connection, a connection cut by a killed instance, a timeout — not the test ending.</summary>
    private static bool IsTransportFailure(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException or JsonException;

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] RandomFile()
    {
        var bytes = new byte[Random.Shared.Next(64, 2048)];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }
}
