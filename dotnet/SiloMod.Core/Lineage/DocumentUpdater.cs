using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Lineage;

/// <summary>
/// Brings a document's file to its item's head (the freshness prompt's Update, and settling a
/// refused push). Bytes the download would destroy and no server version holds are first kept as
/// a conflict copy: updating never loses work.
/// </summary>
/// <param name="incoming">Where the head is expected before it replaces the file, so a crash in between never leaves the file's base wrong; null for none.</param>
public sealed class DocumentUpdater(
    ISiloClient client, FileLineage lineage, SignalHub signals, string userName, TimeProvider time, IncomingFiles? incoming = null)
{
    /// <param name="preserved">Hashes of bytes already kept elsewhere (a conflict copy) or given up by the user: no further copy is made of them.</param>
    /// <returns>What was done, for the host to reload the document.</returns>
    /// <exception cref="InvalidOperationException">The item has no version to update to.</exception>
    public async Task<DocumentReplaced> UpdateAsync(string partNumber, string filePath, IReadOnlyCollection<string>? preserved = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partNumber);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var path = Path.GetFullPath(filePath);
        var item = await client.GetItemAsync(partNumber, ct).ConfigureAwait(false);
        var head = item.Head ?? throw new InvalidOperationException($"{partNumber} has no version on the server to update to.");
        var what = VersionText.Describe(head, time);

        string? copy = null;
        if (File.Exists(path))
        {
            var (local, _) = await FileHashes.Sha256Async(path, ct).ConfigureAwait(false);
            if (FileLineage.SameHash(local, head.FileHash))
            {
                lineage.Record(path, partNumber, head.Ref, downloaded: true);
                return Publish(new DocumentReplaced(partNumber, path, what, null));
            }
            if (!(preserved ?? []).Contains(local, StringComparer.OrdinalIgnoreCase) && !await OnServerAsync(partNumber, path, local, ct).ConfigureAwait(false))
                copy = ConflictCopies.Write(path, path, userName, time.GetUtcNow());
        }

        incoming?.Expect(new IncomingFiles.Incoming(path, partNumber, head.Ref, Tracked: null));
        try
        {
            await client.DownloadVersionAsync(partNumber, head, path, ct).ConfigureAwait(false);
        }
        catch
        {
            // A failed download leaves the file as it was: nothing to finish.
            incoming?.Settle(path);
            throw;
        }
        lineage.Record(path, partNumber, head.Ref, downloaded: true);
        incoming?.Settle(path);
        return Publish(new DocumentReplaced(partNumber, path, what, copy));
    }

    /// <summary>The local bytes are a version the server still holds: replacing them loses nothing.</summary>
    private async Task<bool> OnServerAsync(string partNumber, string path, string sha256, CancellationToken ct)
    {
        if (lineage.Of(path) is { Downloaded: true } known && FileLineage.SameHash(known.Base.FileHash, sha256)) return true;
        try
        {
            return (await client.ListVersionsAsync(partNumber, sha256, limit: 1, ct).ConfigureAwait(false)).Any(v => v.Available);
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private DocumentReplaced Publish(DocumentReplaced replaced)
    {
        signals.Publish(replaced);
        return replaced;
    }
}
