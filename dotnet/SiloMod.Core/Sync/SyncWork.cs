using Silo.Client.Sync;

namespace SiloMod.Core.Sync;

/// <summary>One file to bring in line with the server.</summary>
/// <param name="Path">The canonical local path of the item's file.</param>
/// <param name="Batch">The sync it belongs to, for the bulk summary; null for a lone file (a deferred or resolved one).</param>
/// <param name="Overwrite">The user chose Overwrite: local changes do not stop the download.</param>
internal sealed record SyncWork(SyncDiffEntry Entry, string Path, SyncBatch? Batch, bool Overwrite = false)
{
    public string PartNumber => Entry.PartNumber;
}
