using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

/// <summary>Small helpers the lock tests share: event-log paging, uploads, lock calls.</summary>
internal static class LockTestKit
{
    /// <summary>
    /// Server switches that keep the maintenance timer from firing while a test advances the clock
    /// by hours, so expiry sweeps happen only at <see cref="SiloTestServer.RunMaintenanceAsync"/>.
    /// (40 days: beyond any clock jump here, below PeriodicTimer's ~49-day limit.)
    /// </summary>
    public static readonly string[] ManualMaintenance = ["--maintenance-interval", "40.00:00:00"];

    public static string LockPath(string partNumber) => $"/api/items/{partNumber}/lock";

    public static Task<HttpResponseMessage> AcquireAsync(this HttpClient client, string partNumber) =>
        client.PostAsync(LockPath(partNumber), null);

    public static Task<HttpResponseMessage> ReleaseAsync(this HttpClient client, string partNumber, string? reason = null) =>
        client.DeleteAsync(LockPath(partNumber) + (reason is null ? "" : "?reason=" + Uri.EscapeDataString(reason)));

    public static async Task<JsonElement> StatusAsync(this HttpClient client, string partNumber) =>
        await HttpAssert.JsonAsync(await client.GetAsync(LockPath(partNumber)), HttpStatusCode.OK);

    public static ByteArrayContent OctetStream(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    /// <returns>The SHA-256 the server answered for the uploaded bytes.</returns>
    public static async Task<string> UploadAsync(this HttpClient client, string partNumber, byte[] bytes)
    {
        var uploaded = await HttpAssert.JsonAsync(await client.PostAsync($"/api/items/{partNumber}/file", OctetStream(bytes)), HttpStatusCode.Created);
        return uploaded.GetProperty("sha256").GetString()!;
    }

    /// <summary>Every event after <paramref name="after"/>, paging through the history with <c>after=</c>.</summary>
    public static async Task<List<JsonElement>> EventsAsync(this HttpClient client, long after = 0, int pageSize = 100, CancellationToken ct = default)
    {
        var all = new List<JsonElement>();
        while (true)
        {
            using var response = await client.GetAsync($"/api/events/history?after={after}&limit={pageSize}", ct);
            var events = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("events");
            if (events.GetArrayLength() == 0) return all;
            foreach (var e in events.EnumerateArray())
            {
                all.Add(e);
                after = e.GetProperty("id").GetInt64();
            }
        }
    }

    /// <summary>The item.locked / item.unlocked events of one item, in log order.</summary>
    public static async Task<List<JsonElement>> LockEventsAsync(this HttpClient client, string partNumber, CancellationToken ct = default) =>
        (await client.EventsAsync(ct: ct))
            .Where(e => e.GetProperty("type").GetString() is "item.locked" or "item.unlocked"
                && e.GetProperty("part_number").GetString() == partNumber)
            .ToList();

    /// <summary>Reads the stream until an event of <paramref name="type"/> arrives; fails on timeout or end of stream.</summary>
    public static async Task<JsonElement> ReadUntilAsync(this SseClient sse, string type, CancellationToken ct)
    {
        while (await sse.ReadEventAsync(ct) is { } message)
        {
            if (message.Type == type)
            {
                var json = message.Json;
                Assert.Equal(message.Id, json.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(type, json.GetProperty("type").GetString());
                return json;
            }
        }
        Assert.Fail($"The event stream ended before a '{type}' event.");
        return default;
    }

    public static string? Text(this JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();
}
