namespace SiloMod.Core.Signals;

/// <summary>A checkpoint reached the server and is the item's head.</summary>
/// <param name="SourcePath">The document it was saved from.</param>
/// <param name="Version">Its place in the item's lineage.</param>
/// <param name="Overwrote">It replaced, on the user's word, a head it was not derived from.</param>
public sealed record CheckpointPushed(
    string PartNumber, string Context, int SubscribersNotified, string CheckpointId, string FileHash, string? SourcePath = null, long? Version = null,
    bool Overwrote = false) : SiloModSignal
{
    public override string Kind => "checkpoint_pushed";
}

/// <summary>
/// The server refused a checkpoint because someone else's newer version is the item's head: storing
/// it would have lost their work. Nothing of the user's is lost either: the file waits in the
/// outbox, a copy sits beside the document, and the user chooses Overwrite theirs, Keep as a copy
/// or Discard mine.
/// </summary>
/// <param name="SourcePath">The document the refused checkpoint was saved from.</param>
/// <param name="CopyPath">The conflict copy beside it; null when it could not be written (the outbox still holds the file).</param>
/// <param name="Head">The newer version in the way.</param>
/// <param name="ConflictId">Names this refusal when it is settled, so a choice made on it never settles a newer one.</param>
public sealed record PushConflict(
    string PartNumber, string Context, string SourcePath, string? CopyPath, Silo.Protocol.Lineage.ItemVersion? Head, string Message, string ConflictId)
    : SiloModSignal
{
    public override string Kind => "push_conflict";
}

/// <summary>A refused checkpoint is settled (overwritten, kept as a copy, or discarded): its card can go.</summary>
public sealed record PushConflictResolved(string PartNumber, string Choice, string Message) : SiloModSignal
{
    public override string Kind => "push_conflict_resolved";
}

/// <summary>
/// The core replaced a document's file with a newer version (Update, or after Keep as a copy /
/// Discard mine): an open document should be reloaded from <paramref name="Path"/>.
/// </summary>
/// <param name="CopyPath">Where local bytes no server version holds were kept before the replacement; null when nothing needed keeping.</param>
public sealed record DocumentReplaced(string PartNumber, string Path, string Version, string? CopyPath) : SiloModSignal
{
    public override string Kind => "document_replaced";
}

/// <summary>A checkpoint could not be pushed now; it waits in the outbox and is retried.</summary>
public sealed record CheckpointQueued(string PartNumber, string Context, string Reason) : SiloModSignal
{
    public override string Kind => "checkpoint_queued";
}
