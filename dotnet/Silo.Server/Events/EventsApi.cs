using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Json;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Workstations;

namespace Silo.Server.Events;

public static class EventsApi
{
    private const int BatchSize = 500;

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        events.MapGet("/", Stream)
            .WithSummary("Server-sent event stream. Resumes after Last-Event-ID (header, or last_event_id for clients that cannot set headers); without one it starts at the present. With workstation_id it also carries events addressed to that workstation.")
            .Produces(200, contentType: "text/event-stream")
            .ProducesProblem(400);
        events.MapGet("/history", History)
            .WithSummary("The same events as a JSON page, for audits and tools.");
        return api;
    }

    private static async Task<Ok<EventPage>> History(HttpContext http, IDatabase db, EventLog log, WorkstationStore workstations, CancellationToken ct,
        long after = 0, int limit = 100, string? workstation_id = null)
    {
        if (after < 0 || limit is < 1 or > 1000) throw ProblemException.BadRequest("after must be ≥ 0 and limit between 1 and 1000.");
        var reader = await ReaderAsync(http, db, workstations, workstation_id, http.RequestAborted);
        return TypedResults.Ok(await db.ReadAsync(async s =>
            new EventPage(await log.ReadAfterAsync(s, after, reader, limit, ct), await log.HeadAsync(s, ct), await log.FloorAsync(s, ct)), ct));
    }

    private static async Task Stream(
        HttpContext http, IDatabase db, EventLog log, IEventFeed feed, SiloServerOptions options, TimeProvider time,
        IHostApplicationLifetime lifetime, WorkstationStore workstations, [AsParameters] EventStreamParameters request)
    {
        var reader = await ReaderAsync(http, db, workstations, request.WorkstationId, http.RequestAborted);
        var resumeText = request.LastEventIdHeader ?? request.LastEventIdQuery;
        long? resumeAfter = null;
        if (!string.IsNullOrEmpty(resumeText))
        {
            if (!long.TryParse(resumeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw ProblemException.BadRequest($"Last-Event-ID must be a non-negative event id, got '{resumeText}'.");
            resumeAfter = parsed;
        }

        // Streams end with the client or with the server; a stopping server must not wait on them.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        try
        {
            var (head, floor) = await db.ReadAsync(async s => (await log.HeadAsync(s, ct), await log.FloorAsync(s, ct)), ct);
            var last = resumeAfter ?? head;
            // Nothing is sent before this point, not even the headers: clients take the response
            // starting as the sign that no event committed from now on can miss this stream.
            http.Response.BodyWriter.Write(EventFrames.Connected);
            if (resumeAfter is { } after && (after < floor || after > head))
            {
                // Events the client needs are gone (pruned), or its position is from another log: it must re-sync.
                last = after > head ? head : floor;
                var reason = after > head ? "unknown_position" : "events_pruned";
                var data = JsonSerializer.Serialize(new SyncRequired(reason, last), SiloJson.Options);
                http.Response.BodyWriter.Write(EventFrames.Render(last, EventTypes.SyncRequired, null, time.GetUtcNow(), data));
            }
            await http.Response.Body.FlushAsync(ct);

            // Subscribed before the replay: whatever commits from here on is offered to the inbox,
            // and what committed before is in the log. Ids already written are skipped.
            using var subscription = await feed.SubscribeAsync(reader, ct);
            last = await ReplayAsync(http.Response, db, log, reader, last, ct);

            // Delivery runs in its lane, not on the shared pool: see DeliveryLane.
            await DeliveryLane.RunAsync(() => DeliverAsync(http.Response, db, log, subscription, reader, last, options.KeepAlive, time, ct), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends.
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes what the broadcaster offers this stream, and a keep-alive when it stays idle, until the stream ends.</summary>
    private static async Task DeliverAsync(HttpResponse response, IDatabase db, EventLog log, EventSubscription subscription, EventReader reader,
        long last, TimeSpan keepAliveAfter, TimeProvider time, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var frames = subscription.Take(out var overflowed);
            // This stream fell too far behind and its inbox was dropped: the log has what it missed.
            if (overflowed) last = await ReplayAsync(response, db, log, reader, last, ct);
            var wrote = false;
            foreach (var frame in frames)
            {
                if (frame.Id <= last || !frame.IsFor(reader)) continue;
                response.BodyWriter.Write(frame.Bytes);
                last = frame.Id;
                wrote = true;
            }
            if (wrote) await response.BodyWriter.FlushAsync(ct);
            if (frames.Count > 0 || overflowed) continue;

            var arrived = subscription.WaitAsync();
            if (arrived.IsCompleted) continue;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var keepAlive = Task.Delay(keepAliveAfter, time, idle.Token);
            var woke = await Task.WhenAny(arrived, keepAlive);
            await idle.CancelAsync();
            if (woke == keepAlive && !ct.IsCancellationRequested)
            {
                response.BodyWriter.Write(EventFrames.KeepAlive);
                await response.BodyWriter.FlushAsync(ct);
            }
        }
    }

    /// <summary>Writes every event after <paramref name="last"/> the reader may see, from the log.</summary>
    /// <returns>The id of the last event written (or <paramref name="last"/> when none).</returns>
    private static async Task<long> ReplayAsync(HttpResponse response, IDatabase db, EventLog log, EventReader reader, long last, CancellationToken ct)
    {
        while (true)
        {
            var batch = await db.ReadAsync(s => log.ReadFramesAfterAsync(s, last, reader, BatchSize, ct), ct);
            foreach (var frame in batch)
            {
                response.BodyWriter.Write(frame.Bytes);
                last = frame.Id;
            }
            if (batch.Count > 0) await response.BodyWriter.FlushAsync(ct);
            if (batch.Count < BatchSize) return last;
        }
    }

    /// <summary>
    /// Events addressed to a workstation (handoff requests, subscription updates) reach only a
    /// stream opened for it, by its own user.
    /// </summary>
    private static async Task<EventReader> ReaderAsync(HttpContext http, IDatabase db, WorkstationStore workstations, string? workstationId, CancellationToken ct)
    {
        var user = http.SiloUser();
        if (workstationId is not null) await db.ReadAsync(s => workstations.RequireOwnAsync(s, workstationId, user, ct), ct);
        return new EventReader(user.Id, workstationId);
    }
}
