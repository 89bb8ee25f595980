using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Testing;
using Xunit.Sdk;

namespace Silo.Server.Tests.Events;

/// <summary>Helpers shared by the event tests: bounded SSE reads, the server's history, event producers.</summary>
internal static class EventStream
{
    /// <summary>How long any single wait may take before the test fails; never a sleep.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens <c>GET /api/events</c> and waits for the <c>: connected</c> comment: from then on the
    /// stream's starting position is fixed, so events produced afterwards are certain to be "new".
    /// </summary>
    public static async Task<SseClient> ConnectAsync(HttpClient client, string? lastEventId = null, string path = "/api/events")
    {
        using var cts = new CancellationTokenSource(Timeout);
        var sse = await SseClient.ConnectAsync(client, lastEventId, path, cts.Token);
        try
        {
            Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
            Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType?.MediaType);
            var hello = await sse.ReadAsync(cts.Token);
            Assert.Equal("connected", hello?.Comment);
            return sse;
        }
        catch
        {
            await sse.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A stream request as a browser's EventSource sends it (<c>Accept: text/event-stream</c>), with the
    /// response buffered: for the cases where the server refuses to stream.
    /// </summary>
    public static async Task<HttpResponseMessage> RequestRefusedStreamAsync(HttpClient client, string? lastEventId = null, string path = "/api/events")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var cts = new CancellationTokenSource(Timeout);
        return await client.SendAsync(request, cts.Token);
    }

    /// <summary>The next event (comments skipped); fails the test if none arrives in time or the stream ends.</summary>
    public static async Task<SseMessage> NextEventAsync(this SseClient sse)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            return await sse.ReadEventAsync(cts.Token) ?? throw new XunitException("The event stream ended before the next event.");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new XunitException($"No event arrived within {Timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Reads events until one with id ≥ <paramref name="lastId"/> arrived; returns them all.</summary>
    public static async Task<List<SseMessage>> ReadThroughAsync(this SseClient sse, long lastId)
    {
        var received = new List<SseMessage>();
        while (received.Count == 0 || received[^1].NumericId() < lastId) received.Add(await sse.NextEventAsync());
        return received;
    }

    public static long NumericId(this SseMessage message) =>
        long.Parse(message.Id ?? throw new XunitException("The event has no id: line."), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Every event the user may see, oldest first, paged through <c>GET /api/events/history</c>.</summary>
    public static async Task<List<JsonElement>> HistoryAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await HistoryPageAsync(client, after);
            var events = page.GetProperty("events").EnumerateArray().ToList();
            all.AddRange(events);
            if (events.Count < 1000) return all;
            after = events[^1].GetProperty("id").GetInt64();
        }
    }

    /// <summary>One page of history: <c>{ events, head, floor }</c>.</summary>
    public static async Task<JsonElement> HistoryPageAsync(HttpClient client, long after = 0) =>
        await HttpAssert.JsonAsync(await client.GetAsync($"/api/events/history?after={after}&limit=1000"), HttpStatusCode.OK);

    /// <summary>Checks the item out and in again: one <c>item.locked</c> and one <c>item.unlocked</c>.</summary>
    public static async Task LockAndUnlockAsync(HttpClient editor, string partNumber)
    {
        using (var locked = await editor.PostAsync($"/api/items/{partNumber}/lock", null))
            await HttpAssert.JsonAsync(locked, HttpStatusCode.Created);
        using var released = await editor.DeleteAsync($"/api/items/{partNumber}/lock");
        Assert.True(released.StatusCode == HttpStatusCode.NoContent, $"Release answered {(int)released.StatusCode}: {await released.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts that what a client received is exactly the server's history: same ids, same order, nothing missing or repeated.</summary>
    public static void AssertSameAsHistory(IReadOnlyList<JsonElement> history, IEnumerable<SseMessage> received)
    {
        var receivedIds = received.Select(m => m.NumericId()).ToList();
        var historyIds = history.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(receivedIds.Distinct().Count(), receivedIds.Count);
        Assert.Equal(historyIds, receivedIds);
    }
}
