using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Lineage;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Items;

public static class ItemsApi
{
    public static RouteGroupBuilder MapItemsApi(this RouteGroupBuilder api)
    {
        var items = api.MapGroup("/items").WithTags("Items");
        items.MapPost("/", Create).RequireAuthorization(Policies.Editor)
            .WithSummary("Create an item.").ProducesProblem(409).ProducesProblem(422);
        items.MapGet("/", Search)
            .WithSummary("List items, filtered by search text (part number or description), category, project, lock state.");
        items.MapGet("/{partNumber}", Get).WithSummary("One item with its lock state and latest revision.");
        items.MapPut("/{partNumber}", Update).RequireAuthorization(Policies.Editor)
            .WithSummary("Change category, project or description. Refused (409) while another user holds the item's lock.")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        return api;
    }

    private static async Task<Created<Item>> Create(NewItem request, HttpContext http, ItemCreation creation, CancellationToken ct)
    {
        var view = await creation.CreateAsync(request, http.SiloUser(), ct);
        return TypedResults.Created($"/api/items/{view.PartNumber}", view);
    }

    private static async Task<Ok<ItemPage>> Search([AsParameters] ItemSearchParameters query, IDatabase db, ItemStore store, LockStore locks,
        LineageStore lineage, CancellationToken ct)
    {
        var (search, category, project, locked, limit, offset) = query;
        new Validator()
            .Check(limit is >= 1 and <= 500, "limit", "limit must be between 1 and 500.")
            .Check(offset >= 0, "offset", "offset must not be negative.")
            .ThrowIfInvalid();
        return TypedResults.Ok(await db.ReadAsync(async s =>
        {
            var (rows, total) = await store.SearchAsync(s, query, ct);
            // One query for every active lock, not one per listed item.
            var lockByItem = (await locks.ListActiveAsync(s, ct)).ToDictionary(l => l.PartNumber, StringComparer.OrdinalIgnoreCase);
            var heads = await lineage.HeadsAsync(s, rows.Select(r => r.Id).ToList(), ct);
            var views = rows.Select(row => ToView(row, lockByItem.GetValueOrDefault(row.PartNumber), heads.GetValueOrDefault(row.Id))).ToList();
            return new ItemPage(views, total, limit, offset);
        }, ct));
    }

    private static async Task<Results<Ok<Item>, Problem<ProblemStatus.NotFound>>> Get(string partNumber, IDatabase db, ItemStore store, LockStore locks,
        LineageStore lineage, CancellationToken ct)
    {
        var view = await db.ReadAsync(async s => await ItemStore.FindAsync(s, partNumber, ct) is { } row ? await ToViewAsync(s, row, locks, lineage, ct) : null, ct);
        return view is null ? new Problem<ProblemStatus.NotFound>($"No item with part number '{partNumber}'.") : TypedResults.Ok(view);
    }

    private static async Task<Ok<Item>> Update(string partNumber, UpdateItemRequest request, HttpContext http, IDatabase db, ItemStore store, LockStore locks,
        LineageStore lineage, EventLog events, CancellationToken ct)
    {
        var v = new Validator().Check(request.Category is not null || request.Project is not null || request.Description is not null,
            "body", "Give at least one of category, project, description.");
        if (request.Category is not null) v.Rule("category", NameRules.CheckSegment("category", request.Category));
        if (request.Project is not null) v.Rule("project", NameRules.CheckSegment("project", request.Project));
        if (request.Description is not null) v.Rule("description", NameRules.CheckDescription(request.Description));
        v.ThrowIfInvalid();

        var user = http.SiloUser();
        return TypedResults.Ok(await db.WriteAsync(async s =>
        {
            var item = await store.RequireAsync(s, partNumber, ct);
            await locks.EnsureWritableAsync(s, item, user, ct);
            var view = await ToViewAsync(s, await store.UpdateAsync(s, item, request, ct), locks, lineage, ct);
            await events.AppendAsync(s, EventTypes.ItemUpdated, item.Id, item.PartNumber, view, EventAudience.Everyone, ct);
            return view;
        }, ct));
    }

    private static async Task<Item> ToViewAsync(DbSession s, ItemStore.Row row, LockStore locks, LineageStore lineage, CancellationToken ct) =>
        ToView(row, await locks.FindActiveAsync(s, row.Id, ct), await lineage.HeadAsync(s, row.Id, ct));

    internal static Item ToView(ItemStore.Row row, ItemLock? activeLock, ItemVersion? head) =>
        new(row.Id, row.PartNumber, row.Category, row.Project, row.Description, row.CreatedBy,
            Time.FromStored(row.CreatedAt), Time.FromStored(row.UpdatedAt), (int?)row.LatestRevision, activeLock, head);
}
