using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Files;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Subscriptions;
using Silo.Server.Workstations;

namespace Silo.Server.Sync;

public static class SyncApi
{
    public const int DefaultDiffLimit = 500;
    public const int MaxDiffLimit = 5000;
    public const int MaxReportItems = 100_000;

    /// <summary>Enough to fix a client's bug; a report with thousands of bad entries need not list them all.</summary>
    private const int MaxReportedErrors = 50;

    public static RouteGroupBuilder MapSyncApi(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/workstations/{workstationId}").WithTags("Sync");
        sync.MapPost("/sync-state", Report)
            .WithSummary("Report everything the workstation holds. It replaces what the server knew: items left out count as not held. Unknown part numbers are refused (422) and nothing is stored.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        sync.MapGet("/sync-diff", Diff)
            .WithSummary("What to download, update and remove, in part-number order, limit entries per page (default 500, at most 5000). Pass next_cursor back as cursor; it is null on the last page.")
            .ProducesProblem(403).ProducesProblem(404);
        sync.MapPost("/sync-ack", Ack)
            .WithSummary("Record that the workstation now holds a revision (is_checkpoint false, revision) or a checkpoint (is_checkpoint true, checkpoint_id) of an item; stamps last_sync_at on the governing subscription.")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<NoContent> Report(string workstationId, SyncStateReport request, HttpContext http, IDatabase db,
        WorkstationStore workstations, SyncStateStore state, CancellationToken ct)
    {
        var v = new Validator().Check(request.Items is not null, "items", "items is required (an empty list means the workstation holds nothing).");
        var items = request.Items ?? [];
        v.Check(items.Count <= MaxReportItems, "items", $"A report holds at most {MaxReportItems} items.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var badEntries = 0;
        for (var i = 0; i < items.Count && badEntries < MaxReportedErrors; i++)
        {
            var errors = items[i] is { } item
                ? SyncRules.ReportEntryErrors($"items[{i}].", item, seen).ToList()
                : [($"items[{i}]", "An entry must be an object.")];
            if (errors.Count > 0) badEntries++;
            v.AddAll(errors);
        }
        v.ThrowIfInvalid();

        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            var ids = await SyncItems.IdsAsync(s, items.Select(i => i!.PartNumber!).ToList(), ct);
            var missing = new Validator();
            for (var i = 0; i < ids.Length; i++)
                if (ids[i] is null) missing.Add($"items[{i}].part_number", $"No item with part number '{items[i]!.PartNumber}'.");
            missing.ThrowIfInvalid();
            var held = items.Select((item, i) => new SyncStateStore.Held(ids[i]!, item!.Revision, item.CheckpointId, item.FileHash!.ToLowerInvariant(), item.IsCheckpoint)).ToList();
            await state.ReplaceAsync(s, workstationId, held, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SyncDiff>, Problem<ProblemStatus.BadRequest>>> Diff(string workstationId, HttpContext http, IDatabase db, WorkstationStore workstations,
        SyncDiffReader reader, SyncPendingCompactor compactor, PresignedUrls urls, CancellationToken ct,
        string? cursor = null, int limit = DefaultDiffLimit)
    {
        if (limit is < 1 or > MaxDiffLimit) return new Problem<ProblemStatus.BadRequest>($"limit must be between 1 and {MaxDiffLimit}.");
        var after = cursor is null ? null : SyncCursor.Decode(cursor);
        if (cursor is not null && after is null) return new Problem<ProblemStatus.BadRequest>("cursor is not a next_cursor this server returned.");

        var user = http.SiloUser();
        var page = await db.ReadAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            return await reader.ReadAsync(s, workstationId, user.Id, after, limit, hash => urls.Download(hash, user.Id).Url, ct);
        }, ct);
        compactor.Post(workstationId, page.InStep);
        return TypedResults.Ok(page.Diff);
    }

    private static async Task<NoContent> Ack(string workstationId, SyncAck request, HttpContext http, IDatabase db,
        WorkstationStore workstations, SubscriptionStore subscriptions, SyncStateStore state, CancellationToken ct)
    {
        var isCheckpoint = request.IsCheckpoint;
        var v = new Validator()
            .Check(request.ItemId is not null || request.PartNumber is not null, "item_id", "Name the item by item_id or part_number.");
        if (request.PartNumber is not null) v.Rule("part_number", NameRules.CheckPartNumber(request.PartNumber));
        v.AddAll(SyncRules.HeldErrors("", request.Revision, request.CheckpointId, request.FileHash, isCheckpoint)).ThrowIfInvalid();
        var hash = request.FileHash!.ToLowerInvariant();

        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            await workstations.RequireOwnAsync(s, workstationId, user, ct);
            var item = await AckedItemAsync(s, request, ct);
            var file = isCheckpoint
                ? await s.QuerySingleOrDefaultAsync<string>("SELECT file_hash FROM checkpoints WHERE id = @CheckpointId AND item_id = @Id",
                    new { request.CheckpointId, item.Id }, ct)
                : await s.QuerySingleOrDefaultAsync<string>("SELECT file_hash FROM revisions WHERE item_id = @Id AND revision = @Revision",
                    new { item.Id, request.Revision }, ct);
            var (field, what) = isCheckpoint ? ("checkpoint_id", $"checkpoint '{request.CheckpointId}'") : ("revision", $"revision {request.Revision}");
            if (file is null) throw Invalid(field, $"{item.PartNumber} has no {what}.");
            // A different hash means the workstation holds other bytes than it claims; recording it would hide that.
            if (!string.Equals(file, hash, StringComparison.OrdinalIgnoreCase)) throw Invalid("file_hash", $"The file of {item.PartNumber} {what} hashes to {file}, not {hash}.");

            await state.UpsertAsync(s, workstationId, new SyncStateStore.Held(item.Id, request.Revision, isCheckpoint ? request.CheckpointId : null, hash, isCheckpoint), ct);
            var governing = new SubscriptionMatcher(await subscriptions.ForWorkstationAsync(s, workstationId, ct))
                .For(item.PartNumber, item.Project, item.Category).Governing;
            if (governing is not null) await subscriptions.MarkSyncedAsync(s, governing.Id, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private sealed class AckedItem
    {
        public string Id { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string Project { get; init; } = "";
        public string Category { get; init; } = "";
    }

    private static async Task<AckedItem> AckedItemAsync(DbSession s, SyncAck request, CancellationToken ct)
    {
        var item = request.ItemId is not null
            ? await s.QuerySingleOrDefaultAsync<AckedItem>("SELECT id, part_number, project, category FROM items WHERE id = @ItemId", new { request.ItemId }, ct)
            : await s.QuerySingleOrDefaultAsync<AckedItem>("SELECT id, part_number, project, category FROM items WHERE part_number = @PartNumber", new { request.PartNumber }, ct);
        if (item is null) throw Invalid(request.ItemId is not null ? "item_id" : "part_number", $"No item '{request.ItemId ?? request.PartNumber}'.");
        if (request.ItemId is not null && request.PartNumber is not null && !string.Equals(item.PartNumber, request.PartNumber, StringComparison.OrdinalIgnoreCase))
            throw Invalid("part_number", $"Item '{request.ItemId}' is {item.PartNumber}, not {request.PartNumber}.");
        return item;
    }

    private static ValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
