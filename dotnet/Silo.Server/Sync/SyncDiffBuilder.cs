using Silo.Server.Subscriptions;

namespace Silo.Server.Sync;

/// <summary>
/// Compares what the subscriptions want with what the workstation holds, in memory, and cuts the
/// result into pages along part-number order.
/// </summary>
internal static class SyncDiffBuilder
{
    public static SyncDiff Build(IReadOnlyList<SubscriptionResolver.Coverage> coverage, IReadOnlyList<SyncStateStore.Row> held,
        string? after, int limit, Func<string, string> downloadUrl)
    {
        var heldByItem = held.ToDictionary(h => h.ItemId, StringComparer.Ordinal);
        var covered = new HashSet<string>(coverage.Select(c => c.Item.Id), StringComparer.Ordinal);

        // Entries are made lazily so that download URLs are signed only for the page returned.
        var pending = new List<(string PartNumber, Func<SyncDiffEntry> Make)>();
        foreach (var c in coverage)
        {
            if (c.Governing is null || c.Target is null) continue;
            heldByItem.TryGetValue(c.Item.Id, out var have);
            if (have is not null && (Same(have, c.Target) || HoldsNewerLatest(have, c))) continue;
            var (governing, target, item) = (c.Governing, c.Target, c.Item);
            pending.Add((item.PartNumber, () => new SyncDiffEntry(item.Id, item.PartNumber, item.Category, item.Description,
                (int?)target.Revision, (int?)have?.Revision, downloadUrl(target.FileHash), governing.Id,
                have is null ? SyncActions.Download : SyncActions.Update,
                target.IsCheckpoint, target.CheckpointId, target.CheckpointContext, target.CheckpointUser, target.FileHash,
                target.Version, have?.Version)));
        }
        foreach (var h in held)
        {
            if (covered.Contains(h.ItemId)) continue;
            pending.Add((h.PartNumber, () => new SyncDiffEntry(h.ItemId, h.PartNumber, h.Category, h.Description,
                null, (int?)h.Revision, null, null, SyncActions.Remove, h.HoldsCheckpoint, h.CheckpointId, null, null, h.FileHash,
                null, h.Version)));
        }

        var remaining = pending
            .Where(p => after is null || PartNumberOrder.Instance.Compare(p.PartNumber, after) > 0)
            .OrderBy(p => p.PartNumber, PartNumberOrder.Instance)
            .ToList();
        var page = remaining.Take(limit).Select(p => p.Make()).ToList();
        var next = remaining.Count > limit ? SyncCursor.Encode(page[^1].PartNumber) : null;
        return new SyncDiff(
            page.Where(e => e.Action == SyncActions.Download).ToList(),
            page.Where(e => e.Action == SyncActions.Update).ToList(),
            page.Where(e => e.Action == SyncActions.Remove).ToList(),
            next);
    }

    /// <summary>
    /// "Latest" never means going back: a workstation holding a later version than the target (its
    /// user's own push, which is not offered to them) keeps it. Other policies name their target
    /// on purpose, and an older one is offered; the client decides whether it may replace the file.
    /// </summary>
    private static bool HoldsNewerLatest(SyncStateStore.Row have, SubscriptionResolver.Coverage c) =>
        c.Governing!.RevisionPolicy == RevisionPolicies.Latest && have.Version is { } held && c.Target!.Version is { } target && held > target;

    /// <summary>Same bytes and the same revision or checkpoint: nothing to fetch or re-record.</summary>
    private static bool Same(SyncStateStore.Row have, SubscriptionResolver.TargetRow target) =>
        have.HoldsCheckpoint == target.IsCheckpoint
        && string.Equals(have.FileHash, target.FileHash, StringComparison.OrdinalIgnoreCase)
        && (target.IsCheckpoint ? have.CheckpointId == target.CheckpointId : have.Revision == target.Revision);
}
