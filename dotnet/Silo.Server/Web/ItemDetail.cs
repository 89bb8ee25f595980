using Silo.Server.Checkpoints;
using Silo.Server.EditSessions;
using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Revisions;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>Everything the item page shows, read in one transaction so the lock, sessions and checkpoints agree.</summary>
internal sealed record ItemDetail(
    ItemStore.Row Item, ItemLock? Lock, IReadOnlyList<Revision> Revisions, IReadOnlyList<EditSession> Sessions,
    IReadOnlyList<CheckpointStore.Row> Checkpoints, long EventHead);

/// <summary>The stores behind the item page, bound as one endpoint parameter.</summary>
internal sealed record ItemDetailSources(IDatabase Db, LockStore Locks, RevisionStore Revisions, EditSessionStore Sessions, CheckpointStore Checkpoints, EventLog Log)
{
    /// <summary>The page shows the newest few: enough to pick a recent state, short enough to read; the API lists them all.</summary>
    public const int CheckpointsShown = 10;

    public Task<ItemDetail?> LoadAsync(string partNumber, CancellationToken ct) =>
        Db.ReadAsync(async s =>
        {
            if (await ItemStore.FindAsync(s, partNumber, ct) is not { } item) return null;
            var reference = new ItemRef(item.Id, item.PartNumber);
            return new ItemDetail(item, await Locks.FindActiveAsync(s, item.Id, ct), await Revisions.ListAsync(s, reference, ct),
                await Sessions.ListLiveAsync(s, reference, ct), await Checkpoints.ListAsync(s, reference, CheckpointsShown, ct), await Log.HeadAsync(s, ct));
        }, ct);
}
