using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Items;

/// <summary>Making an item, for POST /api/items and the items page alike: the same naming rules, the same <c>item.created</c>.</summary>
public sealed class ItemCreation(IDatabase db, ItemStore store, LockStore locks, EventLog events)
{
    /// <exception cref="ValidationException">A field breaks its rule (422, every broken field named).</exception>
    /// <exception cref="ProblemException">409: the part number is taken. Nothing is written.</exception>
    public async Task<Item> CreateAsync(NewItem request, SiloUser user, CancellationToken ct)
    {
        new Validator()
            .Rule("part_number", NameRules.CheckPartNumber(request.PartNumber))
            .Rule("category", NameRules.CheckSegment("category", request.Category))
            .Rule("project", NameRules.CheckSegment("project", request.Project))
            .Rule("description", NameRules.CheckDescription(request.Description))
            .ThrowIfInvalid();
        return await db.WriteAsync(async s =>
        {
            if (await ItemStore.FindAsync(s, request.PartNumber!, ct) is { } existing)
                throw ProblemException.Conflict($"An item with part number '{existing.PartNumber}' already exists.");
            var row = await store.CreateAsync(s, request, user.Id, ct);
            // A new item has no versions yet, so no head.
            var view = ItemsApi.ToView(row, await locks.FindActiveAsync(s, row.Id, ct), head: null);
            await events.AppendAsync(s, EventTypes.ItemCreated, row.Id, row.PartNumber, view, EventAudience.Everyone, ct);
            return view;
        }, ct);
    }
}
