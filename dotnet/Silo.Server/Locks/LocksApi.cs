using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Locks;

public static class LocksApi
{
    /// <summary>The longest lock a client may ask for; beyond it a forgotten check-out blocks a team for too long.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapLocksApi(this RouteGroupBuilder api)
    {
        var item = api.MapGroup("/items/{partNumber}/lock").WithTags("Locks");
        item.MapPost("/", Acquire).RequireAuthorization(Policies.Editor)
            .WithSummary("Check the item out (201), or renew your own lock (200). 409 names the holder when someone else has it.")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        item.MapDelete("/", Release).RequireAuthorization(Policies.Editor)
            .WithSummary("Release the lock. Its owner can; an admin can release anyone's with ?reason=…, which is audited.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        item.MapGet("/", Status).WithSummary("The item's lock state.").ProducesProblem(404);
        api.MapGet("/locks", List).WithTags("Locks").WithSummary("Every active lock, oldest first.");
        return api;
    }

    private static async Task<Results<Created<ItemLock>, Ok<ItemLock>>> Acquire(
        string partNumber, HttpContext http, IDatabase db, ItemStore items, LockStore locks, SiloServerOptions options, CancellationToken ct)
    {
        // The body is optional: a bare POST takes the lock with the default time-to-live.
        var hasBody = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;
        var request = hasBody && http.Request.ContentLength != 0
            ? await ReadBody(http, ct)
            : new AcquireLockRequest(null, null);
        new Validator()
            .Check(request.TtlSeconds is null || (request.TtlSeconds > 0 && request.TtlSeconds <= MaxTtl.TotalSeconds), "ttl_seconds",
                $"ttl_seconds must be between 1 and {MaxTtl.TotalSeconds:0}.")
            .Check(request.Comment is null || (request.Comment.Length <= 500 && !request.Comment.Any(char.IsControl)), "comment",
                "comment must be at most 500 characters without control characters.")
            .ThrowIfInvalid();
        var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.LockTtl;
        var user = http.SiloUser();

        var (view, created) = await db.WriteAsync(async s => await locks.AcquireAsync(s, await items.RequireAsync(s, partNumber, ct), user, ttl, request.Comment, ct), ct);
        return created ? TypedResults.Created($"/api/items/{view.PartNumber}/lock", view) : TypedResults.Ok(view);
    }

    private static async Task<AcquireLockRequest> ReadBody(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            throw ProblemException.Unsupported("The lock request body must be application/json.");
        try
        {
            return await http.Request.ReadFromJsonAsync<AcquireLockRequest>(Json.SiloJson.Options, ct)
                ?? throw ProblemException.BadRequest("The request body is JSON null; send an object or no body.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ProblemException.BadRequest($"The request body is not valid JSON for this endpoint: {e.Message}");
        }
    }

    private static async Task<NoContent> Release(string partNumber, HttpContext http, IDatabase db, ItemStore items, LockStore locks, CancellationToken ct,
        string? reason = null)
    {
        new Validator().Rule("reason", ForceReason.Check(reason)).ThrowIfInvalid();
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await locks.ReleaseAsync(s, await items.RequireAsync(s, partNumber, ct), user, reason, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<LockStatus>> Status(string partNumber, IDatabase db, ItemStore items, LockStore locks, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            var view = await locks.FindActiveAsync(s, item.Id, ct);
            return new LockStatus(item.PartNumber, view is not null, view);
        }, ct));

    private static async Task<Ok<IReadOnlyList<ItemLock>>> List(IDatabase db, LockStore locks, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(s => locks.ListActiveAsync(s, ct), ct));
}
