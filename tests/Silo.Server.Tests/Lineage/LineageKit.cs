using System.Net;
using System.Text.Json;
using Silo.Server.Tests.Files;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Lineage;

/// <summary>Pushes that name their base, as a client that knows where its file came from does.</summary>
internal static class LineageKit
{
    /// <summary>The item's head as <c>GET /api/items/{pn}</c> shows it; null before the first push.</summary>
    public static async Task<JsonElement?> HeadAsync(HttpClient client, string partNumber)
    {
        var item = await HttpAssert.JsonAsync(await client.GetAsync($"/api/items/{partNumber}"), HttpStatusCode.OK);
        var head = item.GetProperty("head");
        return head.ValueKind == JsonValueKind.Null ? null : head;
    }

    public static object? Base(string? fileHash) => fileHash is null ? null : new { file_hash = fileHash };

    /// <summary>A checkpoint body with a base (null: none) and, optionally, overwrite.</summary>
    public static Dictionary<string, object?> CheckpointBody(string sha256, long size, string context, string? baseHash, bool? overwrite = null, string? sessionId = null)
    {
        var body = Body(sha256, size, context, sessionId);
        if (baseHash is not null) body["base"] = Base(baseHash);
        if (overwrite is not null) body["overwrite"] = overwrite;
        return body;
    }

    /// <summary>Uploads the bytes and posts a checkpoint on the given base; returns the response as it is.</summary>
    public static async Task<HttpResponseMessage> PushOnAsync(SiloTestServer server, HttpClient client, string partNumber, byte[] bytes, string? baseHash,
        string context = "body_close", bool? overwrite = null)
    {
        var sha = await UploadAsync(server, client, partNumber, bytes);
        return await PostCheckpointAsync(client, partNumber, CheckpointBody(sha, bytes.Length, context, baseHash, overwrite));
    }

    /// <summary>Uploads the bytes through <c>POST …/file</c> and posts a revision on the given base.</summary>
    public static async Task<HttpResponseMessage> CommitOnAsync(HttpClient client, string partNumber, byte[] bytes, string? baseHash, bool? overwrite = null,
        string comment = "")
    {
        using var upload = await FilesApiTests.UploadAsync(client, partNumber, bytes);
        var sha = (await HttpAssert.JsonAsync(upload, HttpStatusCode.Created)).GetProperty("sha256").GetString()!;
        var body = new Dictionary<string, object?> { ["file_hash"] = sha, ["comment"] = comment };
        if (baseHash is not null) body["base"] = Base(baseHash);
        if (overwrite is not null) body["overwrite"] = overwrite;
        return await client.PostJsonAsync($"/api/items/{partNumber}/revisions", body);
    }

    public static async Task<List<JsonElement>> VersionsAsync(HttpClient client, string partNumber, string? fileHash = null)
    {
        var path = $"/api/items/{partNumber}/versions" + (fileHash is null ? "" : "?file_hash=" + fileHash);
        return (await HttpAssert.JsonAsync(await client.GetAsync(path), HttpStatusCode.OK)).EnumerateArray().ToList();
    }
}
