using System.Text.Json;
using Silo.Server.Auth;
using Silo.Server.EditSessions;
using Silo.Server.Events;
using Silo.Server.Files;
using Silo.Server.Items;
using Silo.Server.Json;
using Silo.Server.Lineage;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Subscriptions;

namespace Silo.Server.Checkpoints;

/// <summary>
/// Stores a checkpoint with everything that goes with it — lineage (it becomes the head), session
/// release, DAG, subscriber events, the idempotent response — in one write transaction: all of it
/// happens, or none.
/// </summary>
public sealed class CheckpointCommit(
    IDatabase db, ItemStore items, LockStore locks, BlobIndex blobIndex, IBlobStore blobs, EditSessionStore sessions,
    CheckpointStore checkpoints, DagStore dags, EventLog events, IdempotencyStore idempotency, LineageStore lineage, ICheckpointCommitProbe probe)
{
    /// <summary>Checkpoints are working states: only subscriptions that follow the latest state want them.</summary>
    private static readonly string[] FollowingPolicies = ["latest"];

    /// <param name="Result">The new checkpoint's result; null on a replay.</param>
    /// <param name="Replay">The stored first response to the same Idempotency-Key; null when this call did the work.</param>
    public sealed record Outcome(ItemRef Item, CheckpointResult? Result, IdempotencyStore.Stored? Replay);

    /// <param name="request">Already validated: hash, size and context present, DAG well-formed.</param>
    public Task<Outcome> CommitAsync(string partNumber, CreateCheckpointRequest request, SiloUser user, string? idempotencyKey, CancellationToken ct) =>
        db.WriteAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            string? fingerprint = null;
            if (idempotencyKey is not null)
            {
                fingerprint = IdempotencyStore.Fingerprint("POST", $"/api/items/{item.PartNumber}/checkpoint", JsonSerializer.Serialize(request, SiloJson.Options));
                if (await idempotency.FindAsync(s, user.Id, idempotencyKey, fingerprint, ct) is { } stored) return new Outcome(item, null, stored);
            }

            await locks.EnsureWritableAsync(s, item, user, ct);
            var hash = request.FileHash!;
            var size = await blobIndex.SizeAsync(s, hash, ct);
            if (size is null || !blobs.Exists(hash))
                throw Invalid("file_hash", $"The server has no blob {hash}; upload it through …/checkpoint/upload-url first.");
            if (size != request.FileSize)
                throw Invalid("file_size", $"The blob {hash} has {size} bytes, not {request.FileSize}.");
            // Before anything is written: a stale push stores nothing, not even the session's release.
            var admission = await lineage.AdmitAsync(s, item, hash, request.Lineage, ct);

            var released = request.SessionId is { } sessionId && await sessions.EndForCheckpointAsync(s, item, sessionId, user, ct);
            await probe.StepAsync(CheckpointCommitSteps.SessionReleased, ct);

            var context = CheckpointContexts.FromWire(request.Context!);
            var row = await checkpoints.InsertAsync(s, item, user, context, hash, size.Value, request.SessionId, dagSynced: request.Dag is not null, ct);
            var version = await lineage.RecordAsync(s, item, admission, VersionKinds.Checkpoint, row.Id, hash, size.Value, user, context.ToWire(), revision: null, ct);
            await probe.StepAsync(CheckpointCommitSteps.CheckpointStored, ct);

            if (request.Dag is not null) await dags.UpsertAsync(s, item.Id, request.Dag, row.Id, ct);
            await probe.StepAsync(CheckpointCommitSteps.DagStored, ct);

            var notified = 0;
            if (context.NotifiesSubscribers())
            {
                var data = new SubscriptionCheckpoint(item.PartNumber, item.Id, row.Id, context.ToWire(), user.Username, hash, size.Value, Time.FromStored(row.CreatedAt), version);
                // The author's own workstations already have this state.
                var followers = await SubscriberDirectory.WorkstationsFollowingAsync(s, item.Id, FollowingPolicies, user.Id, ct);
                notified = await events.AppendToWorkstationsAsync(s, EventTypes.SubscriptionCheckpoint, item.Id, item.PartNumber, data, followers, ct);
            }
            await probe.StepAsync(CheckpointCommitSteps.EventsAppended, ct);

            var result = new CheckpointResult(row.Id, context.ToWire(), notified, row.DagSynced, released, version);
            if (idempotencyKey is not null)
                await idempotency.SaveAsync(s, user.Id, idempotencyKey, fingerprint!, StatusCodes.Status201Created, JsonSerializer.Serialize(result, SiloJson.Options), ct);
            await probe.StepAsync(CheckpointCommitSteps.ResponseStored, ct);
            return new Outcome(item, result, null);
        }, ct);

    private static ValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
