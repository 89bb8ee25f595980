using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Files;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Workstations;

namespace Silo.Server.Subscriptions;

/// <summary>Subscriptions belong to a workstation; only that workstation's user sees or changes them.</summary>
public static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder api)
    {
        var perWorkstation = api.MapGroup("/workstations/{workstationId}/subscriptions").WithTags("Subscriptions");
        perWorkstation.MapGet("/", List).WithSummary("The workstation's subscriptions, oldest first.").ProducesProblem(403).ProducesProblem(404);
        perWorkstation.MapPost("/", Create)
            .WithSummary("Follow an item, project or category. revision_policy defaults to latest_released; pinned needs pinned_revision. 409 when the workstation already follows that target.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        perWorkstation.MapGet("/resolve", ResolveAll)
            .WithSummary("Every item the workstation should hold, in part-number order, with the target of its governing subscription (the most specific unpaused one) and a download URL. Items whose policy has no target yet are left out.")
            .ProducesProblem(403).ProducesProblem(404);
        perWorkstation.MapGet("/summary", Summary)
            .WithSummary("How many items the subscriptions cover and hold something, and for each covered item with nothing to offer yet, why (no_revision, not_released, pinned_revision_missing).")
            .ProducesProblem(403).ProducesProblem(404);

        var single = api.MapGroup("/subscriptions/{subscriptionId}").WithTags("Subscriptions");
        single.MapPatch("/", Update)
            .WithSummary("Change revision_policy, pinned_revision or paused. Switching away from pinned clears pinned_revision.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        single.MapDelete("/", Delete).WithSummary("Unfollow. Items no longer covered become removals in the sync diff.").ProducesProblem(403).ProducesProblem(404);
        single.MapGet("/resolve", ResolveOne)
            .WithSummary("The items this subscription governs, with their targets; a paused subscription governs none.")
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<Subscription>>> List(string workstationId, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            return (IReadOnlyList<Subscription>)(await store.ForWorkstationAsync(s, workstationId, ct)).Select(r => r.ToView()).ToList();
        }, ct));
    }

    private static async Task<Results<Created<Subscription>, Problem<ProblemStatus.Conflict>>> Create(string workstationId, CreateSubscriptionRequest request, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, CancellationToken ct)
    {
        var policy = request.RevisionPolicy ?? RevisionPolicies.LatestReleased;
        new Validator()
            .Rule("type", SubscriptionRules.CheckType(request.Type))
            .Rule("target", SubscriptionRules.CheckTarget(request.Type, request.Target))
            .Rule("revision_policy", SubscriptionRules.CheckPolicy(policy))
            .CheckPinned(policy, request.PinnedRevision)
            .ThrowIfInvalid();
        var user = http.SiloUser();
        return await db.WriteAsync<Results<Created<Subscription>, Problem<ProblemStatus.Conflict>>>(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            var target = request.Target!;
            if (request.Type == SubscriptionTypes.Item)
            {
                // Only items need to exist: a project or category may gain its first item later.
                var item = await ItemStore.FindAsync(s, target, ct)
                    ?? throw new ValidationException(new Dictionary<string, string[]> { ["target"] = [$"No item with part number '{target}'."] });
                target = item.PartNumber;
            }
            // Refused before anything is written, so returning it commits an untouched transaction.
            if (await store.FindSameAsync(s, workstationId, request.Type!, target, ct) is { } existing)
                return new Problem<ProblemStatus.Conflict>($"This workstation already follows {existing.Type} '{existing.Target}'.",
                    new Dictionary<string, object?> { ["subscription_id"] = existing.Id });
            var view = (await store.CreateAsync(s, workstationId, request.Type!, target, policy, request.PinnedRevision, ct)).ToView();
            return TypedResults.Created($"/api/subscriptions/{view.Id}", view);
        }, ct);
    }

    private static async Task<Ok<Subscription>> Update(string subscriptionId, SubscriptionUpdate request, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, CancellationToken ct)
    {
        var shape = new Validator()
            .Check(request.RevisionPolicy is not null || request.PinnedRevision is not null || request.Paused is not null,
                "body", "Give at least one of revision_policy, pinned_revision, paused.");
        if (request.RevisionPolicy is not null) shape.Rule("revision_policy", SubscriptionRules.CheckPolicy(request.RevisionPolicy));
        shape.ThrowIfInvalid();

        var user = http.SiloUser();
        return TypedResults.Ok(await db.WriteAsync(async s =>
        {
            var row = await RequireOwnAsync(s, subscriptionId, user, workstations, store, ct);
            var policy = request.RevisionPolicy ?? row.RevisionPolicy;
            // A pinned subscription keeps its revision unless a new one is given; other policies have none.
            var pinned = request.PinnedRevision
                ?? (policy == RevisionPolicies.Pinned && row.RevisionPolicy == RevisionPolicies.Pinned ? (int?)row.PinnedRevision : null);
            var v = new Validator();
            if (policy == RevisionPolicies.Pinned) v.CheckPinned(policy, pinned);
            else v.CheckPinned(policy, request.PinnedRevision);
            v.ThrowIfInvalid();
            return (await store.UpdateAsync(s, row, policy, policy == RevisionPolicies.Pinned ? pinned : null, request.Paused ?? row.IsPaused, ct)).ToView();
        }, ct));
    }

    private static async Task<NoContent> Delete(string subscriptionId, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, CancellationToken ct)
    {
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await store.DeleteAsync(s, await RequireOwnAsync(s, subscriptionId, user, workstations, store, ct), ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<ResolvedItem>>> ResolveAll(string workstationId, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionResolver resolver, PresignedUrls urls, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            return (IReadOnlyList<ResolvedItem>)ToResolved(await resolver.ResolveAsync(s, workstationId, user.Id, ct), urls, user, subscriptionId: null);
        }, ct));
    }

    private static async Task<Ok<SubscriptionSummary>> Summary(string workstationId, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, SubscriptionResolver resolver, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            return await SubscriptionSummaries.SummarizeAsync(s, await store.ForWorkstationAsync(s, workstationId, ct),
                await resolver.ResolveAsync(s, workstationId, user.Id, ct), ct);
        }, ct));
    }

    private static async Task<Ok<IReadOnlyList<ResolvedItem>>> ResolveOne(string subscriptionId, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore store, SubscriptionResolver resolver, PresignedUrls urls, CancellationToken ct)
    {
        var user = http.SiloUser();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            var row = await RequireOwnAsync(s, subscriptionId, user, workstations, store, ct);
            return (IReadOnlyList<ResolvedItem>)ToResolved(await resolver.ResolveAsync(s, row.WorkstationId, user.Id, ct), urls, user, subscriptionId);
        }, ct));
    }

    private static List<ResolvedItem> ToResolved(IReadOnlyList<SubscriptionResolver.Coverage> coverage, PresignedUrls urls, SiloUser user, string? subscriptionId) =>
        coverage
            .Where(c => c.Governing is not null && c.Target is not null && (subscriptionId is null || c.Governing.Id == subscriptionId))
            .Select(c => new ResolvedItem(c.Item.Id, c.Item.PartNumber, c.Item.Category, c.Item.Description, c.Governing!.Id,
                (int?)c.Target!.Revision, c.Target.IsCheckpoint, c.Target.CheckpointId, c.Target.CheckpointContext, c.Target.CheckpointUser,
                c.Target.FileHash, c.Target.FileSize, urls.Download(c.Target.FileHash, user.Id).Url))
            .ToList();

    /// <summary>404 for an unknown subscription, 403 for another user's.</summary>
    private static async Task<SubscriptionStore.Row> RequireOwnAsync(DbSession s, string subscriptionId, SiloUser user,
        WorkstationStore workstations, SubscriptionStore store, CancellationToken ct)
    {
        var row = await store.FindAsync(s, subscriptionId, ct) ?? throw ProblemException.NotFound($"No subscription '{subscriptionId}'.");
        await workstations.RequireOwnAsync(s, row.WorkstationId, user, ct);
        return row;
    }
}
