using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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

    public sealed record EventPage(IReadOnlyList<SiloEvent> Events, long Head, long Floor);

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
        HttpContext http, IDatabase db, EventLog log, EventNotifier notifier, SiloServerOptions options, TimeProvider time,
        IHostApplicationLifetime lifetime, WorkstationStore workstations,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery,
        [FromQuery(Name = "workstation_id")] string? workstationId)
    {
        var reader = await ReaderAsync(http, db, workstations, workstationId, http.RequestAborted);
        var resumeText = lastEventIdHeader ?? lastEventIdQuery;
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
            await http.Response.WriteAsync("retry: 2000\n: connected\n\n", ct);
            if (resumeAfter is { } after && (after < floor || after > head))
            {
                // Events the client needs are gone (pruned), or its position is from another log: it must re-sync.
                last = after > head ? head : floor;
                var reason = after > head ? "unknown_position" : "events_pruned";
                await WriteEvent(http.Response, last, EventTypes.SyncRequired,
                    JsonSerializer.Serialize(new { id = last, type = EventTypes.SyncRequired, part_number = (string?)null, occurred_at = time.GetUtcNow(), data = new { reason, resume_after = last } }, SiloJson.Options), ct);
            }
            await http.Response.Body.FlushAsync(ct);

            while (!ct.IsCancellationRequested)
            {
                var wake = notifier.NextAsync();
                var batch = await db.ReadAsync(s => log.ReadAfterAsync(s, last, reader, BatchSize, ct), ct);
                foreach (var e in batch)
                {
                    await WriteEvent(http.Response, e.Id, e.Type, JsonSerializer.Serialize(e, SiloJson.Options), ct);
                    last = e.Id;
                }
                if (batch.Count > 0) await http.Response.Body.FlushAsync(ct);
                if (batch.Count == BatchSize) continue;

                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var keepAlive = Task.Delay(options.KeepAlive, time, idle.Token);
                var woke = await Task.WhenAny(wake, keepAlive);
                await idle.CancelAsync();
                if (woke == keepAlive && !ct.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends.
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
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

    private static Task WriteEvent(HttpResponse response, long id, string type, string json, CancellationToken ct)
    {
        var text = new StringBuilder(json.Length + 64)
            .Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(type).Append('\n')
            .Append("data: ").Append(json).Append("\n\n")
            .ToString();
        return response.WriteAsync(text, ct);
    }
}
