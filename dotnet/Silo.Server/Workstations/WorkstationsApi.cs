using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.EditSessions;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Workstations;

public static class WorkstationsApi
{
    public const int MaxNameLength = 128;

    public static RouteGroupBuilder MapWorkstationsApi(this RouteGroupBuilder api)
    {
        var workstations = api.MapGroup("/workstations").WithTags("Workstations");
        workstations.MapPost("/", Register)
            .WithSummary("Register this machine (201), or get its existing registration back (200) for the same user and fingerprint.")
            .ProducesProblem(422);
        workstations.MapGet("/", List).WithSummary("The caller's workstations.");
        workstations.MapDelete("/{workstationId}", Delete)
            .WithSummary("Forget a workstation with its subscriptions and sync state; its live edit sessions end.").ProducesProblem(403).ProducesProblem(404);
        workstations.MapPost("/{workstationId}/heartbeat", Heartbeat)
            .WithSummary("Renew every live edit-session lease of the workstation for another session TTL, and record that it was seen.")
            .ProducesProblem(403).ProducesProblem(404);
        workstations.MapGet("/{workstationId}/presence", Presence)
            .WithSummary("The live edit sessions on every item whose sessions the workstation's event stream carries (followed, watched, or edited there), by item.")
            .ProducesProblem(403).ProducesProblem(404);
        workstations.MapPut("/{workstationId}/watched-items", Watch)
            .WithSummary("Replace the items the workstation has open: with its subscriptions, they decide which edit-session events its stream carries.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<Results<Created<Workstation>, Ok<Workstation>>> Register(RegisterWorkstationRequest request, HttpContext http,
        IDatabase db, WorkstationStore store, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Length <= MaxNameLength && !request.Name.Any(char.IsControl),
                "name", $"name is required: up to {MaxNameLength} characters without control characters.")
            .Check(request.Fingerprint is { Length: 64 } f && f.All(char.IsAsciiHexDigit), "fingerprint", "fingerprint must be a SHA-256 hex digest.")
            .ThrowIfInvalid();
        var user = http.SiloUser();
        var (view, created) = await db.WriteAsync(s => store.RegisterAsync(s, user, request.Name!.Trim(), request.Fingerprint!.ToLowerInvariant(), ct), ct);
        return created ? TypedResults.Created($"/api/workstations/{view.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Ok<IReadOnlyList<Workstation>>> List(HttpContext http, IDatabase db, WorkstationStore store, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(s => store.ListOwnAsync(s, http.SiloUser(), ct), ct));

    private static async Task<NoContent> Delete(string workstationId, HttpContext http, IDatabase db, WorkstationStore store, EditSessionStore sessions,
        CancellationToken ct)
    {
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await store.RequireOwnAsync(s, workstationId, user, ct);
            // Nobody could renew these leases any more; end them now rather than letting them block others until they lapse.
            await sessions.EndForWorkstationAsync(s, workstationId, ct);
            await store.DeleteAsync(s, workstationId, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<ItemEditSessions>>> Presence(string workstationId, HttpContext http, IDatabase db, WorkstationStore store,
        EditSessionStore sessions, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            await store.RequireOwnAsync(s, workstationId, user, ct);
            return await sessions.ListHeardByAsync(s, workstationId, ct);
        }, ct));
    }

    private static async Task<NoContent> Watch(string workstationId, WatchItemsRequest request, HttpContext http, IDatabase db, WorkstationStore store,
        CancellationToken ct)
    {
        new Validator()
            .Check(request.PartNumbers is not null, "part_numbers", "part_numbers is required: the whole set, [] for none.")
            .Check(request.PartNumbers is not { Count: > WatchItemsRequest.MaxItems }, "part_numbers", $"At most {WatchItemsRequest.MaxItems:N0} part numbers.")
            .Check(request.PartNumbers?.All(NameRules.IsLookupPartNumber) != false,
                "part_numbers", $"Each part number is 1 to {NameRules.MaxPartNumber} characters.")
            .ThrowIfInvalid();
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await store.RequireOwnAsync(s, workstationId, user, ct);
            return await WatchedItems.ReplaceAsync(s, workstationId, request.PartNumbers!, ct);
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<HeartbeatResult>> Heartbeat(string workstationId, HttpContext http, IDatabase db, WorkstationStore store,
        EditSessionStore sessions, CancellationToken ct)
    {
        var user = http.SiloUser();
        var (renewed, expiresAt) = await db.WriteAsync(async s =>
        {
            await store.TouchAsync(s, await store.RequireOwnAsync(s, workstationId, user, ct), ct);
            return await sessions.RenewForWorkstationAsync(s, workstationId, ct);
        }, ct);
        return TypedResults.Ok(new HeartbeatResult(renewed, expiresAt));
    }
}
