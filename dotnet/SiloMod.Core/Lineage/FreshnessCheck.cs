using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using SiloMod.Core.Host;

namespace SiloMod.Core.Lineage;

/// <summary>Tells whether a document being entered was derived from its item's head.</summary>
internal sealed class FreshnessCheck(ISiloClient client, FileLineage lineage, TimeProvider time)
{
    /// <returns>Null when the file is on the head, or when that cannot be told (never saved, server away); otherwise what to tell the user.</returns>
    public async Task<StaleNotice?> CheckAsync(string partNumber, TrackedDocument document, ItemVersion head, CancellationToken ct)
    {
        if (document.FilePath is not { } path || !File.Exists(path)) return null;
        var known = lineage.Of(path)?.Base ?? await ResolveAsync(partNumber, path, head, ct).ConfigureAwait(false);
        if (known is not null && FileLineage.SameHash(known.FileHash, head.FileHash)) return null;
        var local = known?.Version is { } v ? $" than version {v} your file is based on" : "";
        return new StaleNotice(head, known, $"{partNumber} has a newer version{local}: {VersionText.Describe(head, time)}.");
    }

    /// <summary>
    /// A file this workstation never wrote nor pushed (a check-out by the silo command, a copy from
    /// a colleague): its bytes tell which version it is, if the server knows them. Recorded, so the
    /// file is hashed once.
    /// </summary>
    private async Task<VersionRef?> ResolveAsync(string partNumber, string path, ItemVersion head, CancellationToken ct)
    {
        string sha;
        try
        {
            (sha, _) = await FileHashes.Sha256Async(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (FileLineage.SameHash(sha, head.FileHash))
        {
            lineage.Record(path, partNumber, head.Ref, downloaded: true);
            return head.Ref;
        }
        try
        {
            if ((await client.ListVersionsAsync(partNumber, sha, limit: 1, ct).ConfigureAwait(false)) is [var version, ..])
            {
                lineage.Record(path, partNumber, version.Ref, downloaded: true);
                return version.Ref;
            }
        }
        catch (SiloApiException)
        {
            // Unknown then: the exit's push names no base, and the server decides.
        }
        return null;
    }
}
