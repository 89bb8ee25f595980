using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Silo.Server.Auth;
using Silo.Server.Files;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Lineage;
using Silo.Server.Locks;
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
            .ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422);
        item.MapPost("/checkpoint", Create).RequireAuthorization(Policies.Editor)
            .WithSummary("Store a checkpoint of an uploaded file as the item's new head, in one transaction with the DAG, the release of session_id and subscription.checkpoint events (body_close, assembly_close, manual only). base names the version the file was derived from; a base that is not the head is refused (409 stale_base, naming the head) unless overwrite is true. An Idempotency-Key header makes retries return the first result.")
            .Produces<CheckpointResult>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        item.MapGet("/checkpoints", List).WithSummary("The item's live checkpoints, newest first.").ProducesProblem(400).ProducesProblem(404);
        item.MapGet("/checkpoints/latest", Latest).WithSummary("The item's newest live checkpoint; 404 when it has none.").ProducesProblem(404);
        item.MapGet("/checkpoints/{checkpointId}", Get).WithSummary("One checkpoint.").ProducesProblem(404);
        item.MapDelete("/checkpoints/{checkpointId}", Delete).RequireAuthorization(Policies.Editor)
            .WithSummary("Delete a checkpoint: its author or an admin. Its file is collected later if nothing else uses it. The item's head, and a head an overwrite replaced, are kept (409).")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        item.MapGet("/dag", Dag).WithSummary("The item's latest dependency DAG ({nodes, edges}), as pushed with a checkpoint; 404 when none was.")
            .Produces<Dag>(200).ProducesProblem(404);
        return api;
    }

    private static async Task<Ok<UploadGrant>> UploadUrl(string partNumber, UploadUrlRequest request, HttpContext http,
        IDatabase db, ItemStore items, LockStore locks, BlobIndex index, IBlobStore blobs, PresignedUrls urls, SiloServerOptions options, CancellationToken ct)
    {
        new Validator()
            .Check(request.Sha256 is not null && FileBlobStore.IsHash(request.Sha256), "sha256", "sha256 must be a SHA-256 hex digest (64 hex digits).")
            .Check(request.Size is >= 0, "size", "size must be the file's length in bytes (0 or more).")
            .ThrowIfInvalid();
        if (request.Size > options.MaxUploadBytes)
            throw ProblemException.TooLarge($"The file is {request.Size} bytes; the limit is {options.MaxUploadBytes}.");
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

    private static async Task<Results<Created<CheckpointResult>, ContentHttpResult>> Create(string partNumber, CreateCheckpointRequest request, HttpContext http,
        CheckpointCommit commit, CancellationToken ct, [FromHeader(Name = IdempotencyStore.Header)] string? idempotencyKey = null)
    {
        var key = IdempotencyStore.ParseKey(idempotencyKey);
        // An unknown context is a wrong value of a closed set, refused like any JSON value of the wrong type.
        if (request.Context is not null && !CheckpointContexts.TryFromWire(request.Context, out _))
            throw new ProblemException(StatusCodes.Status400BadRequest, "Bad request",
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
        return TypedResults.Created($"/api/items/{outcome.Item.PartNumber}/checkpoints/{result.CheckpointId}", result);
    }

    private static async Task<Ok<IReadOnlyList<Checkpoint>>> List(string partNumber, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct, int limit = DefaultListLimit)
    {
        if (limit is < 1 or > MaxListLimit) throw ProblemException.BadRequest($"limit must be between 1 and {MaxListLimit}.");
        var user = http.SiloUser();
        var rows = await db.ReadAsync(async s => await checkpoints.ListAsync(s, await items.RequireAsync(s, partNumber, ct), limit, ct), ct);
        return TypedResults.Ok<IReadOnlyList<Checkpoint>>(rows.Select(r => ToView(r, urls, user)).ToList());
    }

    private static async Task<Ok<Checkpoint>> Latest(string partNumber, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct)
    {
        var row = await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            return await checkpoints.LatestAsync(s, item, ct) ?? throw ProblemException.NotFound($"{item.PartNumber} has no checkpoints.");
        }, ct);
        return TypedResults.Ok(ToView(row, urls, http.SiloUser()));
    }

    private static async Task<Ok<Checkpoint>> Get(string partNumber, string checkpointId, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, PresignedUrls urls, CancellationToken ct)
    {
        var row = await db.ReadAsync(async s => await RequireAsync(s, items, checkpoints, partNumber, checkpointId, ct), ct);
        return TypedResults.Ok(ToView(row, urls, http.SiloUser()));
    }

    private static async Task<NoContent> Delete(string partNumber, string checkpointId, HttpContext http, IDatabase db, ItemStore items,
        CheckpointStore checkpoints, LineageStore lineage, CancellationToken ct)
    {
        var user = http.SiloUser();
        await db.WriteAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            var row = await RequireAsync(s, items, checkpoints, partNumber, checkpointId, ct);
            if (row.UserId != user.Id && !user.IsAdmin)
                throw ProblemException.Forbidden($"Checkpoint '{checkpointId}' belongs to {row.Username}; only they or an admin can delete it.");
            if (await lineage.IsKeptAsync(s, item, row.Id, ct))
                throw ProblemException.Conflict($"Checkpoint '{checkpointId}' is kept: it is {item.PartNumber}'s head, or a head an overwrite replaced.",
                    new Dictionary<string, object?> { ["code"] = "kept" });
            await checkpoints.DeleteAsync(s, row.Id, ct);
            return true;
        }, ct);
        return TypedResults.NoContent();
    }

    private static async Task<ContentHttpResult> Dag(string partNumber, HttpContext http, IDatabase db, ItemStore items, DagStore dags, CancellationToken ct)
    {
        var row = await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            return await dags.FindAsync(s, item.Id, ct) ?? throw ProblemException.NotFound($"{item.PartNumber} has no DAG yet; one arrives with a checkpoint.");
        }, ct);
        // The body is the DAG exactly as stored; where it came from travels in headers.
        http.Response.GetTypedHeaders().LastModified = Time.FromStored(row.UpdatedAt);
        if (row.CheckpointId is not null) http.Response.Headers["X-Silo-Checkpoint-Id"] = row.CheckpointId;
        return TypedResults.Content(row.Dag, "application/json");
    }

    private static async Task<CheckpointStore.Row> RequireAsync(DbSession s, ItemStore items, CheckpointStore checkpoints, string partNumber, string checkpointId, CancellationToken ct)
    {
        var item = await items.RequireAsync(s, partNumber, ct);
        return await checkpoints.FindAsync(s, item, checkpointId, ct) ?? throw ProblemException.NotFound($"{item.PartNumber} has no checkpoint '{checkpointId}'.");
    }

    private static Checkpoint ToView(CheckpointStore.Row row, PresignedUrls urls, SiloUser caller) =>
        row.ToView(urls.Download(row.FileHash, caller.Id).Url);
}
