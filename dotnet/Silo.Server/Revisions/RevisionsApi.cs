using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Files;
using Silo.Server.Items;
using Silo.Server.Lineage;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Subscriptions;

namespace Silo.Server.Revisions;

public static class RevisionsApi
{
    public static RouteGroupBuilder MapRevisionsApi(this RouteGroupBuilder api)
    {
        var revisions = api.MapGroup("/items/{partNumber}/revisions").WithTags("Revisions");
        revisions.MapPost("/", Create).RequireAuthorization(Policies.Editor)
            .WithSummary("Make the next revision from an uploaded file hash; it becomes the item's head. Refused (409) while another user holds the item's lock, and (409 stale_base, naming the head) when base is not the head unless overwrite is true.")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        revisions.MapGet("/", List).WithSummary("All revisions of the item, oldest first.").ProducesProblem(404);
        revisions.MapGet("/{revision:int}", Get).WithSummary("One revision.");
        revisions.MapPost("/{revision:int}/release", Release).RequireAuthorization(Policies.Editor)
            .WithSummary("Mark a revision released. Refused (409) while another user holds the item's lock.")
            .ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    private static async Task<Created<Revision>> Create(string partNumber, CreateRevisionRequest request, HttpContext http,
        IDatabase db, ItemStore items, LockStore locks, RevisionStore revisions, BlobIndex blobs, EventLog events, SubscriptionNotifier subscribers, CancellationToken ct)
    {
        new Validator()
            .Check(request.FileHash is not null && FileBlobStore.IsHash(request.FileHash), "file_hash", "file_hash must be a SHA-256 hex digest (64 hex digits).")
            .Check(request.Comment is null || (request.Comment.Length <= 2000 && !request.Comment.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')),
                "comment", "comment must be at most 2000 characters without control characters.")
            .CheckBase(request.Base)
            .ThrowIfInvalid();
        var hash = request.FileHash!.ToLowerInvariant();
        var user = http.SiloUser();
        var view = await db.WriteAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            await locks.EnsureWritableAsync(s, item, user, ct);
            var size = await blobs.SizeAsync(s, hash, ct)
                ?? throw new ValidationException(new Dictionary<string, string[]> { ["file_hash"] = [$"No uploaded file has hash {hash}; POST the bytes to /api/items/{partNumber}/file first."] });
            var view = await revisions.CreateAsync(s, item, hash, size, request.Comment ?? "", request.Lineage, user, ct);
            await events.AppendAsync(s, EventTypes.RevisionCreated, item.Id, item.PartNumber, view, EventAudience.Everyone, ct);
            await subscribers.RevisionCreatedAsync(s, item, view, user.Id, ct);
            return view;
        }, ct);
        return TypedResults.Created($"/api/items/{view.PartNumber}/revisions/{view.Number}", view);
    }

    private static async Task<Ok<IReadOnlyList<Revision>>> List(string partNumber, IDatabase db, ItemStore items, RevisionStore revisions, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync(async s => await revisions.ListAsync(s, await items.RequireAsync(s, partNumber, ct), ct), ct));

    private static async Task<Results<Ok<Revision>, Problem<ProblemStatus.NotFound>>> Get(string partNumber, int revision, IDatabase db, ItemStore items,
        RevisionStore revisions, CancellationToken ct)
    {
        var found = await db.ReadAsync(async s => await revisions.FindAsync(s, await items.RequireAsync(s, partNumber, ct), revision, ct), ct);
        return found is null ? new Problem<ProblemStatus.NotFound>($"{partNumber} has no revision {revision}.") : TypedResults.Ok(found);
    }

    private static async Task<Ok<Revision>> Release(string partNumber, int revision, HttpContext http,
        IDatabase db, ItemStore items, RevisionRelease release, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.WriteAsync(async s => await release.ReleaseAsync(s, await items.RequireAsync(s, partNumber, ct), revision, user, ct), ct));
    }
}
