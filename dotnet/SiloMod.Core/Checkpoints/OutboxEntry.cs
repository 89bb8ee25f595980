using System.Globalization;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.Lineage;

namespace SiloMod.Core.Checkpoints;

/// <summary>One checkpoint waiting in the outbox, as stored in its JSON file.</summary>
/// <param name="Sequence">Order of enqueueing; entries are pushed in this order.</param>
/// <param name="SourcePath">Where the host saved the document (for messages); the push reads <paramref name="SnapshotFile"/>.</param>
/// <param name="SnapshotFile">The copy of the file taken at enqueue, beside the entry.</param>
/// <param name="IdempotencyKey">Sent with every attempt, so a push whose answer was lost is not stored twice.</param>
/// <param name="Attempts">Pushes tried so far.</param>
/// <param name="ServerErrors">Of those, pushes answered with a server error.</param>
/// <param name="Base">What the saved file was derived from, read when it was queued; null for a file of unknown origin.</param>
/// <param name="Overwrite">The user chose to replace a newer head with this file.</param>
/// <param name="ConflictCopy">The copy of the file written beside the document when the server refused it as stale.</param>
internal sealed record OutboxEntry(
    long Sequence,
    string Id,
    string PartNumber,
    string SourcePath,
    string SnapshotFile,
    string Context,
    string? SessionId,
    Dag? Dag,
    string IdempotencyKey,
    string FileSha256,
    long FileSize,
    int Attempts,
    int ServerErrors,
    DateTimeOffset EnqueuedAt,
    VersionRef? Base = null,
    bool Overwrite = false,
    string? ConflictCopy = null)
{
    /// <summary>Zero-padded sequence first, so a plain name sort is the push order.</summary>
    public string Name => Sequence.ToString("D12", CultureInfo.InvariantCulture) + "-" + Id;

    public string JsonFile => Name + ".json";
}
