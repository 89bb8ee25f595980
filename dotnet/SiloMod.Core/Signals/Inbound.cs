namespace SiloMod.Core.Signals;

/// <summary>A newer file of a subscribed item is on disk.</summary>
/// <param name="Revision">The formal revision, or null for a checkpoint.</param>
/// <param name="CheckpointUser">Who finished editing, for a checkpoint.</param>
/// <param name="CheckpointContext">What they finished (<c>body_close</c>, ...), for a checkpoint.</param>
/// <param name="PreviousRevision">The revision held before, when there was one.</param>
public sealed record FileSynced(
    string PartNumber, string Path, int? Revision, bool IsCheckpoint, string? CheckpointUser = null, string? CheckpointContext = null,
    int? PreviousRevision = null) : SiloModSignal
{
    public override string Kind => "file_synced";
}

/// <summary>The file is open; the download waits until the host reports it closed.</summary>
public sealed record FileDeferred(string PartNumber, string Path, int? TargetRevision, bool IsCheckpoint) : SiloModSignal
{
    public override string Kind => "file_deferred";
}

/// <summary>The local file changed since the last sync; the user chooses Overwrite or Skip.</summary>
/// <param name="ConflictType">Why: <c>local_modified</c>, or <c>older_version</c> (the file is a newer version than the one offered).</param>
public sealed record FileConflict(string PartNumber, string Path, string ConflictType) : SiloModSignal
{
    public override string Kind => "file_conflict";
}

/// <summary>One sync brought several files: shown as one line rather than one per file.</summary>
/// <param name="Target">What the sync covered: a subscription target, or <c>all</c>.</param>
public sealed record BulkSyncComplete(int Count, string Target) : SiloModSignal
{
    public override string Kind => "bulk_sync_complete";
}

/// <summary>A Sync Now the user asked for is done: every file of the diff is synced, or waits as these counts say.</summary>
/// <param name="Pending">Downloads still queued or running (ones that failed and wait for a retry).</param>
public sealed record SyncNowFinished(int Pending, int Deferred, int Conflicts) : SiloModSignal
{
    public override string Kind => "sync_now_finished";
}

/// <summary>A subscription was removed: the item is no longer tracked; its file stays where it is.</summary>
public sealed record FileUntracked(string PartNumber, string Path) : SiloModSignal
{
    public override string Kind => "file_untracked";
}
