using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Silo.Server.Auth;
using Silo.Server.Files;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Lineage;
using Silo.Server.Locks;
using Silo.Server.Metrics;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Checkpoints;

public static class CheckpointsApi
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;
    public const int MaxSessionIdLength = 128;

    public static RouteGroupBuilder MapCheckpointsApi(this RouteGroupBuilder api)
    {
        var item = api.MapGroup("/items/{partNumber}").WithTags("Checkpoints");
        item.MapPost("/checkpoint/upload-url", UploadUrl).RequireAuthorization(Policies.Editor)
            .WithSummary("Ask where to PUT a checkpoint file. When the server already has a blob with this SHA-256, already_stored is true and no bytes need to move; otherwise upload_url is a presigned, expiring PUT.")
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        item.MapPost("/checkpoint", Create).RequireAuthorization(Policies.Editor)
            .WithSummary("Store a checkpoint of an uploaded file as the item's new head, in one transaction with the DAG, the release of session_id and subscription.checkpoint events (body_close, assembly_close, manual only). base names the version the file was derived from; a base that is not the head is refused (409 stale_base, naming the head) unless overwrite is true. An Idempotency-Key header makes retries return the first result.")
            .Produces<CheckpointResult>(StatusCodes.Status201Created)
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        item.MapGet("/checkpoints", List).WithSummary("The item's live checkpoints, newest first.").ProducesProblem(404);
        item.MapGet("/checkpoints/latest", Latest).WithSummary("The item's newest live checkpoint; 404 when it has none.");
        item.MapGet("/checkpoints/{checkpointId}", Get).WithSummary("One checkpoint.");
        item.MapDelete("/checkpoints/{checkpointId}", Delete).RequireAuthorization(Policies.Editor)
            .WithSummary("Delete a checkpoint: its author or an admin. Its file is collected later if nothing else uses it. The item's head, and a head an overwrite replaced, are kept (409).");
        item.MapGet("/dag", Dag).WithSummary("The item's latest dependency DAG ({nodes, edges}), as pushed with a checkpoint; 404 when none was.")
            .Produces<Dag>(200);
        return api;
    }

    private static async Task<Results<Ok<UploadGrant>, Problem<ProblemStatus.TooLarge>>> UploadUrl(string partNumber, UploadUrlRequest request, HttpContext http,
        IDatabase db, ItemStore items, LockStore locks, BlobIndex index, IBlobStore blobs, PresignedUrls urls, SiloServerOptions options, CancellationToken ct)
    {
        new Validator()
            .Check(request.Sha256 is not null && FileBlobStore.IsHash(request.Sha256), "sha256", "sha256 must be a SHA-256 hex digest (64 hex digits).")
            .Check(request.Size is >= 0, "size", "size must be the file's length in bytes (0 or more).")
            .ThrowIfInvalid();
        if (request.Size > options.MaxUploadBytes)
            return new Problem<ProblemStatus.TooLarge>($"The file is {request.Size} bytes; the limit is {options.MaxUploadBytes}.");
        var hash = request.Sha256!.ToLowerInvariant();
        var size = request.Size!.Value;
        var user = http.SiloUser();

        return TypedResults.Ok(await db.WriteAsync(async s =>
        {
            // Checked before any byte moves, so a refused writer does not upload gigabytes for nothing.
            await locks.EnsureWritableAsync(s, await items.RequireAsync(s, partNumber, ct), user, ct);
            if (await index.SizeAsync(s, hash, ct) is { } stored && blobs.Exists(hash))
            {
                if (stored != size)
                    throw new ValidationException(new Dictionary<string, string[]> { ["size"] = [$"The blob {hash} has {stored} bytes, not {size}."] });
                await index.TouchAsync(s, hash, ct);
                return new UploadGrant(AlreadyStored: true, UploadUrl: null, ExpiresAt: null);
            }
            var grant = urls.Upload(hash, size, user.Id);
            return new UploadGrant(AlreadyStored: false, grant.Url, grant.ExpiresAt);
        }, ct));
    }

    private static async Task<Results<Created<CheckpointResult>, ContentHttpResult, Problem<ProblemStatus.BadRequest>>> Create(string partNumber, CreateCheckpointRequest request, HttpContext http,
        CheckpointCommit commit, SiloMetrics metrics, CancellationToken ct, [FromHeader(Name = IdempotencyStore.Header)] string? idempotencyKey = null)
    {
        var key = IdempotencyStore.ParseKey(idempotencyKey);
        // An unknown context is a wrong value of a closed set, refused like any JSON value of the wrong type.
        if (request.Context is not null && !CheckpointContexts.TryFromWire(request.Context, out _))
            return new Problem<ProblemStatus.BadRequest>(
                $"The value at $.context is not a checkpoint context: use one of {string.Join(", ", CheckpointContexts.All)}.");
        var validator = new Validator()
            .Check(request.FileHash is not null && FileBlobStore.IsHash(request.FileHash), "file_hash", "file_hash must be a SHA-256 hex digest (64 hex digits).")
            .Check(request.FileSize is >= 0, "file_size", "file_size must be the file's length in bytes (0 or more).")
            .Check(request.Context is not null, "context", "context is required: sketch_close, body_close, assembly_close, manual or autosave.")
            .Check(request.SessionId is null || (request.SessionId.Length is > 0 and <= MaxSessionIdLength && !request.SessionId.Any(char.IsControl)),
                "session_id", $"session_id must be 1 to {MaxSessionIdLength} characters.");
        if (request.Dag is not null) DagRules.Validate(request.Dag, validator);
        validator.CheckBase(request.Base).ThrowIfInvalid();

        var outcome = await commit.CommitAsync(partNumber, request with { FileHash = request.FileHash!.ToLowerInvariant() }, http.SiloUser(), key, ct);
        if (outcome.Replay is { } replay)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Content(replay.Response, "application/json", statusCode: replay.Status);
        }
        var result = outcome.Result!;
        metrics.CheckpointAccepted(request.FileSize!.Value);
        return TypedResults.Created($"/api/items/{outcome.Item.PartNumber}/checkpoints/{result.CheckpointId}", result);
    }

    private static async Task<Results<Ok<IReadOnlyList<Checkpoint>>, Problem<ProblemStatus.BadRequest>>> List(string partNumber, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct, int limit = DefaultListLimit)
    {
        if (limit is < 1 or > MaxListLimit) return new Problem<ProblemStatus.BadRequest>($"limit must be between 1 and {MaxListLimit}.");
        var user = http.SiloUser();
        var rows = await db.ReadAsync(async s => await checkpoints.ListAsync(s, await items.RequireAsync(s, partNumber, ct), limit, ct), ct);
        return TypedResults.Ok<IReadOnlyList<Checkpoint>>(rows.Select(r => ToView(r, urls, user)).ToList());
    }

    private static async Task<Results<Ok<Checkpoint>, Problem<ProblemStatus.NotFound>>> Latest(string partNumber, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct)
    {
        var (item, row) = await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            return (item, await checkpoints.LatestAsync(s, item, ct));
        }, ct);
        return row is null ? new Problem<ProblemStatus.NotFound>($"{item.PartNumber} has no checkpoints.") : TypedResults.Ok(ToView(row, urls, http.SiloUser()));
    }

    private static async Task<Results<Ok<Checkpoint>, Problem<ProblemStatus.NotFound>>> Get(string partNumber, string checkpointId, HttpContext http, IDatabase db,
        ItemStore items, CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct)
    {
        var (item, row) = await db.ReadAsync(async s => await FindAsync(s, items, checkpoints, partNumber, checkpointId, ct), ct);
        return row is null ? NoCheckpoint(item, checkpointId) : TypedResults.Ok(ToView(row, urls, http.SiloUser()));
    }

    /// <summary>The refusals are answered before anything is deleted, so returning them commits an untouched transaction.</summary>
    private static async Task<Results<NoContent, Problem<ProblemStatus.NotFound>, Problem<ProblemStatus.Forbidden>, Problem<ProblemStatus.Conflict>>> Delete(
        string partNumber, string checkpointId, HttpContext http, IDatabase db, ItemStore items, CheckpointStore checkpoints, LineageStore lineage, CancellationToken ct)
    {
        var user = http.SiloUser();
        return await db.WriteAsync<Results<NoContent, Problem<ProblemStatus.NotFound>, Problem<ProblemStatus.Forbidden>, Problem<ProblemStatus.Conflict>>>(async s =>
        {
            var (item, row) = await FindAsync(s, items, checkpoints, partNumber, checkpointId, ct);
            if (row is null) return NoCheckpoint(item, checkpointId);
            if (row.UserId != user.Id && !user.IsAdmin)
                return new Problem<ProblemStatus.Forbidden>($"Checkpoint '{checkpointId}' belongs to {row.Username}; only they or an admin can delete it.");
            if (await lineage.IsKeptAsync(s, item, row.Id, ct))
                return new Problem<ProblemStatus.Conflict>($"Checkpoint '{checkpointId}' is kept: it is {item.PartNumber}'s head, or a head an overwrite replaced.",
                    new Dictionary<string, object?> { ["code"] = "kept" });
            await checkpoints.DeleteAsync(s, row.Id, ct);
            return TypedResults.NoContent();
        }, ct);
    }

    private static async Task<Results<ContentHttpResult, Problem<ProblemStatus.NotFound>>> Dag(string partNumber, HttpContext http, IDatabase db, ItemStore items,
        DagStore dags, CancellationToken ct)
    {
        var (item, row) = await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            return (item, await dags.FindAsync(s, item.Id, ct));
        }, ct);
        if (row is null) return new Problem<ProblemStatus.NotFound>($"{item.PartNumber} has no DAG yet; one arrives with a checkpoint.");
        // The body is the DAG exactly as stored; where it came from travels in headers.
        http.Response.GetTypedHeaders().LastModified = Time.FromStored(row.UpdatedAt);
        if (row.CheckpointId is not null) http.Response.Headers["X-Silo-Checkpoint-Id"] = row.CheckpointId;
        return TypedResults.Content(row.Dag, "application/json");
    }

    private static async Task<(ItemRef Item, CheckpointStore.Row? Checkpoint)> FindAsync(DbSession s, ItemStore items, CheckpointStore checkpoints,
        string partNumber, string checkpointId, CancellationToken ct)
    {
        var item = await items.RequireAsync(s, partNumber, ct);
        return (item, await checkpoints.FindAsync(s, item, checkpointId, ct));
    }

    private static Problem<ProblemStatus.NotFound> NoCheckpoint(ItemRef item, string checkpointId) =>
        new($"{item.PartNumber} has no checkpoint '{checkpointId}'.");

    private static Checkpoint ToView(CheckpointStore.Row row, PresignedUrls urls, SiloUser caller) =>
        row.ToView(urls.Download(row.FileHash, caller.Id).Url);
}
