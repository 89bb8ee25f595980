using Silo.Protocol.Lineage;
using SiloMod.Core.Persistence;

namespace SiloMod.Core.Checkpoints;

/// <summary>
/// Checkpoints the server refused as stale, waiting for the user's choice: per item the newest
/// refused entry with its snapshot, in <c>outbox/conflicts/</c>, so they outlive the process.
/// Not thread-safe: the outbox calls it under its own lock.
/// </summary>
internal sealed class PushConflicts
{
    private const string RecordSuffix = ".conflict.json";

    private readonly Dictionary<string, Conflict> _byPart = new(StringComparer.Ordinal);

    /// <param name="Head">The newer version the server named.</param>
    public sealed record Conflict(OutboxEntry Entry, ItemVersion? Head);

    public PushConflicts(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + RecordSuffix).Order(StringComparer.Ordinal))
            if (StateFiles.ReadJson<Conflict>(path) is { } conflict) _byPart[conflict.Entry.PartNumber] = conflict;
    }

    public string Directory { get; }

    public int Count => _byPart.Count;

    public IReadOnlyList<Conflict> All() => [.. _byPart.Values.OrderBy(c => c.Entry.Sequence)];

    public Conflict? Find(string partNumber) => _byPart.GetValueOrDefault(partNumber);

    public string SnapshotOf(OutboxEntry entry) => Path.Combine(Directory, entry.SnapshotFile);

    /// <summary>Takes over the entry's snapshot from <paramref name="snapshotPath"/>; returns the conflict it replaces for the same item, if any.</summary>
    /// <remarks>
    /// The record is written before the snapshot moves: a disk too full for it leaves everything
    /// where it was, and a crash in between leaves a record whose entry is still in the outbox,
    /// which <see cref="FinishMove"/> completes on the next start.
    /// </remarks>
    public Conflict? Add(Conflict conflict, string snapshotPath)
    {
        StateFiles.WriteJson(RecordOf(conflict.Entry), conflict);
        if (File.Exists(snapshotPath)) File.Move(snapshotPath, SnapshotOf(conflict.Entry), overwrite: true);
        _byPart.Remove(conflict.Entry.PartNumber, out var replaced);
        _byPart[conflict.Entry.PartNumber] = conflict;
        // The same entry refused again (its first move was cut short) replaces nothing.
        return replaced?.Entry.Id == conflict.Entry.Id ? null : replaced;
    }

    /// <summary>
    /// An outbox entry already kept here was cut short on its way (the process ended between the
    /// steps of <see cref="Add"/> and the entry's removal): moves what is left and removes the entry.
    /// </summary>
    /// <returns>True when the entry belongs here and no longer in the outbox.</returns>
    public bool FinishMove(OutboxEntry entry, string snapshotPath, string entryPath)
    {
        if (Find(entry.PartNumber) is not { } kept || kept.Entry.Id != entry.Id) return false;
        if (File.Exists(snapshotPath)) File.Move(snapshotPath, SnapshotOf(kept.Entry), overwrite: true);
        File.Delete(entryPath);
        return true;
    }

    /// <summary>Forgets the conflict; its snapshot stays where it is for the caller to move or delete.</summary>
    public Conflict? Take(string partNumber)
    {
        if (!_byPart.Remove(partNumber, out var conflict)) return null;
        File.Delete(RecordOf(conflict.Entry));
        return conflict;
    }

    /// <summary>Removes what a replaced conflict left on disk.</summary>
    public void Delete(Conflict conflict)
    {
        File.Delete(RecordOf(conflict.Entry));
        File.Delete(SnapshotOf(conflict.Entry));
    }

    private string RecordOf(OutboxEntry entry) => Path.Combine(Directory, entry.Name + RecordSuffix);
}
