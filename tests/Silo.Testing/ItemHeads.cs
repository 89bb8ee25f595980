using System.Net;
using System.Text.Json;

namespace Silo.Testing;

/// <summary>
/// The item's head as a client that is up to date sees it: tests of other features push on the
/// head, as a workstation that has just synced would.
/// </summary>
public static class ItemHeads
{
    /// <returns>The SHA-256 of the head's file; null before the item's first push.</returns>
    public static async Task<string?> HeadHashAsync(this HttpClient client, string partNumber)
    {
        var item = await HttpAssert.JsonAsync(await client.GetAsync($"/api/items/{partNumber}"), HttpStatusCode.OK);
        var head = item.GetProperty("head");
        return head.ValueKind == JsonValueKind.Null ? null : head.GetProperty("file_hash").GetString();
    }

    /// <returns>A <c>base</c> naming the head, or null (no base) before the first push.</returns>
    public static async Task<object?> HeadBaseAsync(this HttpClient client, string partNumber) =>
        await client.HeadHashAsync(partNumber) is { } hash ? new { file_hash = hash } : null;
}
