using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Client.Tests.Support;

/// <summary>
/// Server state the client library does not (yet) write — files, revisions, locks, checkpoints —
/// set up over plain HTTP, and the event history to check what the client's calls caused.
/// </summary>
internal static class ServerKit
{
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <returns>The new revision's number and file hash.</returns>
    public static async Task<(int Revision, string Hash)> AddRevisionAsync(SiloTestServer server, string partNumber, string content, bool release)
    {
        using var admin = server.AdminClient();
        var bytes = Bytes(content);
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var file = await HttpAssert.JsonAsync(await admin.PostAsync($"/api/items/{partNumber}/file", body), HttpStatusCode.Created);
        var hash = file.GetProperty("sha256").GetString()!;
        var revision = await HttpAssert.JsonAsync(
            await admin.PostJsonAsync($"/api/items/{partNumber}/revisions", new { file_hash = hash, comment = "test", @base = await admin.HeadBaseAsync(partNumber) }),
            HttpStatusCode.Created);
        var number = revision.GetProperty("revision").GetInt32();
        if (release)
            (await admin.PostAsync($"/api/items/{partNumber}/revisions/{number}/release", null)).EnsureSuccessStatusCode();
        return (number, hash);
    }

    public static async Task LockAsync(SiloTestServer server, string token, string partNumber)
    {
        using var client = server.Client(token);
        (await client.PostAsync($"/api/items/{partNumber}/lock", null)).EnsureSuccessStatusCode();
    }

    /// <summary>upload-url → PUT → POST checkpoint on the item's head, as an up-to-date workbench does it.</summary>
    /// <returns>The checkpoint id and the file hash.</returns>
    public static async Task<(string Id, string Hash)> PushCheckpointAsync(SiloTestServer server, string token, string partNumber, string content, string context)
    {
        using var client = server.Client(token);
        var bytes = Bytes(content);
        var sha = Sha256(bytes);
        var grant = await HttpAssert.JsonAsync(
            await client.PostJsonAsync($"/api/items/{partNumber}/checkpoint/upload-url", new { sha256 = sha, size = bytes.Length }), HttpStatusCode.OK);
        if (!grant.GetProperty("already_stored").GetBoolean())
        {
            using var anonymous = server.Client();
            using var put = new ByteArrayContent(bytes);
            put.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            (await anonymous.PutAsync(grant.GetProperty("upload_url").GetString()!, put)).EnsureSuccessStatusCode();
        }
        var result = await HttpAssert.JsonAsync(
            await client.PostJsonAsync($"/api/items/{partNumber}/checkpoint",
                new { file_hash = sha, file_size = bytes.Length, context, @base = await client.HeadBaseAsync(partNumber) }), HttpStatusCode.Created);
        return (result.GetProperty("checkpoint_id").GetString()!, sha);
    }

    /// <summary>Events a workstation's stream carries (its own and public ones), oldest first.</summary>
    public static async Task<List<JsonElement>> EventsAsync(SiloTestServer server, string token, string? workstationId = null)
    {
        using var client = server.Client(token);
        var query = workstationId is null ? "" : $"&workstation_id={workstationId}";
        var page = await HttpAssert.JsonAsync(await client.GetAsync($"/api/events/history?after=0&limit=1000{query}"), HttpStatusCode.OK);
        return page.GetProperty("events").EnumerateArray().ToList();
    }

    public static string Type(this JsonElement e) => e.GetProperty("type").GetString()!;
}
