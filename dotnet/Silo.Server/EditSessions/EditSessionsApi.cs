using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Json;
using Silo.Server.Lineage;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Workstations;

namespace Silo.Server.EditSessions;

public static class EditSessionsApi
{
    public const int MaxMessageLength = 1000;
    public const int MaxReasonLength = 500;
    private const int MaxWorkstationIdLength = 100;

    public static RouteGroupBuilder MapEditSessionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/edit-sessions", ListMany).WithTags("Edit sessions")
            .WithSummary($"The live edit sessions of the items named by part_number (repeated, up to {ItemEditSessions.MaxItems}); items nobody edits and unknown part numbers are left out.")
            .ProducesProblem(422);
        var item = api.MapGroup("/items/{partNumber}").WithTags("Edit sessions");
        item.MapPost("/edit-session", Acquire).RequireAuthorization(Policies.Editor)
            .WithSummary("Start editing an object of the item (a lease renewed by workstation heartbeats). 200 with interference none or soft (cones overlap) and the item's head; 409 names the holder when another user edits the same object or has the item checked out.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        item.MapDelete("/edit-session/{sessionId}", Release).RequireAuthorization(Policies.Editor)
            .WithSummary("End an edit session. Its owner can; an admin can end anyone's with ?reason=…, which is audited.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        item.MapGet("/edit-sessions", List)
            .WithSummary("The item's live edit sessions, oldest first (who is editing what).").ProducesProblem(404);
        item.MapPost("/edit-session/{sessionId}/request-handoff", RequestHandoff).RequireAuthorization(Policies.Editor)
            .WithSummary("Ask the holder of a session to let go; only the holder's workstation is told (edit.handoff_requested).")
            .ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<Ok<EditSessionResult>> Acquire(string partNumber, AcquireEditSessionRequest request, HttpContext http,
        IDatabase db, ItemStore items, WorkstationStore workstations, EditSessionStore sessions, LineageStore lineage, CancellationToken ct)
    {
        new Validator()
            .Check(request.WorkstationId is { Length: > 0 and <= MaxWorkstationIdLength } w && !w.Any(char.IsControl),
                "workstation_id", "workstation_id is required: the id of one of your registered workstations.")
            .Check(request.ContextLevel is not null && ContextLevels.All.Contains(request.ContextLevel),
                "context_level", "context_level must be one of sketch, partdesign, assembly.")
            .Check(DependencyCone.IsValidNode(request.ObjectId),
                "object_id", $"object_id is required: up to {DependencyCone.MaxNodeLength} characters without control characters.")
            .Rule("dependency_cone", DependencyCone.Check(request.DependencyCone))
            .ThrowIfInvalid();
        var user = http.SiloUser();
        var cone = request.DependencyCone?.Select(n => n!).ToList();

        return TypedResults.Ok(await db.WriteAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            var workstation = await workstations.RequireOwnAsync(s, request.WorkstationId!, user, ct);
            await workstations.TouchAsync(s, workstation, ct);
            var grant = await sessions.AcquireAsync(s, item, user, workstation, request.ContextLevel!, request.ObjectId!, cone, ct);
            return grant with { Head = await lineage.HeadAsync(s, item.Id, ct) };
        }, ct));
    }

    private static async Task<NoContent> Release(string partNumber, string sessionId, HttpContext http, IDatabase db, ItemStore items,
        EditSessionStore sessions, CancellationToken ct, string? reason = null)
    {
        new Validator()
            .Check(reason is null || (reason.Length <= MaxReasonLength && !reason.Any(char.IsControl)),
                "reason", $"reason must be at most {MaxReasonLength} characters without control characters.")
            .ThrowIfInvalid();
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await sessions.ReleaseAsync(s, await items.RequireAsync(s, partNumber, ct), sessionId, user, reason, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<EditSession>>> List(string partNumber, IDatabase db, ItemStore items, EditSessionStore sessions,
        CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(async s => await sessions.ListLiveAsync(s, await items.RequireAsync(s, partNumber, ct), ct), ct));

    private static async Task<Ok<IReadOnlyList<ItemEditSessions>>> ListMany(IDatabase db, EditSessionStore sessions, CancellationToken ct,
        [FromQuery(Name = "part_number")] string[]? partNumbers = null)
    {
        new Validator()
            .Check(partNumbers is { Length: > 0 and <= ItemEditSessions.MaxItems }, "part_number",
                $"Name 1 to {ItemEditSessions.MaxItems} items: ?part_number=A&part_number=B.")
            .Check(partNumbers?.All(NameRules.IsLookupPartNumber) != false,
                "part_number", $"Each part number is 1 to {NameRules.MaxPartNumber} characters.")
            .ThrowIfInvalid();
        return TypedResults.Ok(await db.ReadAsync(s => sessions.ListLiveAsync(s, partNumbers!, ct), ct));
    }

    private static async Task<Accepted<HandoffRequested>> RequestHandoff(string partNumber, string sessionId, HttpContext http, IDatabase db,
        ItemStore items, EditSessionStore sessions, CancellationToken ct)
    {
        // The body is optional: a bare POST asks without a message.
        var request = http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0
            ? await ReadBody<HandoffRequest>(http, ct)
            : new HandoffRequest(null);
        new Validator()
            .Check(request.Message is null || (request.Message.Length <= MaxMessageLength && !request.Message.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))),
                "message", $"message must be at most {MaxMessageLength} characters without control characters other than tabs and line breaks.")
            .ThrowIfInvalid();
        var user = http.SiloUser();
        var result = await db.WriteAsync(async s =>
            await sessions.RequestHandoffAsync(s, await items.RequireAsync(s, partNumber, ct), sessionId, user, request.Message, ct), ct);
        return TypedResults.Accepted((string?)null, result);
    }

    private static async Task<T> ReadBody<T>(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            throw ProblemException.Unsupported("The request body must be application/json.");
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(SiloJson.Options, ct)
                ?? throw ProblemException.BadRequest("The request body is JSON null; send an object or no body.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ProblemException.BadRequest($"The request body is not valid JSON for this endpoint: {e.Message}");
        }
    }
}
