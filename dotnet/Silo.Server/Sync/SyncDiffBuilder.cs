using Silo.Server.Subscriptions;

namespace Silo.Server.Sync;

/// <summary>Compares what a workstation's subscriptions want of one item with what it holds.</summary>
internal static class SyncDiffBuilder
{
    /// <param name="coverage">Null when no subscription of the workstation covers the item.</param>
    /// <param name="have">Null when the workstation holds nothing of the item.</param>
    /// <returns>The entry, or null when there is nothing to do for the item.</returns>
    public static SyncDiffEntry? EntryFor(SubscriptionResolver.Coverage? coverage, SyncStateStore.Row? have, Func<string, string> downloadUrl)
    {
        if (coverage is null)
        {
            return have is null ? null : new SyncDiffEntry(have.ItemId, have.PartNumber, have.Category, have.Description,
                null, (int?)have.Revision, null, null, SyncActions.Remove, have.HoldsCheckpoint, have.CheckpointId, null, null, have.FileHash,
                null, have.Version);
        }
        // Covered by paused subscriptions only, or nothing to offer: held or not, nothing to do.
        if (coverage.Governing is not { } governing || coverage.Target is not { } target) return null;
        if (have is not null && (Same(have, target) || HoldsNewerLatest(have, governing, target))) return null;
        var item = coverage.Item;
        return new SyncDiffEntry(item.Id, item.PartNumber, item.Category, item.Description,
            (int?)target.Revision, (int?)have?.Revision, downloadUrl(target.FileHash), governing.Id,
            have is null ? SyncActions.Download : SyncActions.Update,
            target.IsCheckpoint, target.CheckpointId, target.CheckpointContext, target.CheckpointUser, target.FileHash,
            target.Version, have?.Version);
    }

    /// <summary>
    /// "Latest" never means going back: a workstation holding a later version than the target (its
    /// user's own push, which is not offered to them) keeps it. Other policies name their target
    /// on purpose, and an older one is offered; the client decides whether it may replace the file.
    /// </summary>
    private static bool HoldsNewerLatest(SyncStateStore.Row have, SubscriptionStore.Row governing, SubscriptionResolver.TargetRow target) =>
        governing.RevisionPolicy == RevisionPolicies.Latest && have.Version is { } held && target.Version is { } wanted && held > wanted;

    /// <summary>Same bytes and the same revision or checkpoint: nothing to fetch or re-record.</summary>
    private static bool Same(SyncStateStore.Row have, SubscriptionResolver.TargetRow target) =>
        have.HoldsCheckpoint == target.IsCheckpoint
        && string.Equals(have.FileHash, target.FileHash, StringComparison.OrdinalIgnoreCase)
        && (target.IsCheckpoint ? have.CheckpointId == target.CheckpointId : have.Revision == target.Revision);
}
