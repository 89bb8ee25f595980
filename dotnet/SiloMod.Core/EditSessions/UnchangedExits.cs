using Silo.Client.Files;
using Silo.Protocol.Checkpoints;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// "Unchanged since the last push", decided when a hand-over of an exit without unsaved changes
/// is taken, off the host's thread and after every earlier hand-over reached the outbox (so the
/// newest checkpoint of the item is known, not one still being copied). The saved file is
/// unchanged when it is exactly a version this workstation downloaded (nothing of the user's in
/// it) or the one last sent for the item. One more condition than the spec's for the latter: a
/// sketch close reaches no subscriber, so a body close after it with the same file is still
/// pushed, or subscribers would never hear of the edit.
/// </summary>
/// <remarks>Hashes come from <paramref name="hashes"/>: a file whose stamp is the one it had when last read (or copied into the outbox) is not read again.</remarks>
internal sealed class UnchangedExits(FileLineage lineage, ICheckpointHistory history, FileHashCache hashes, SessionReleaser releaser) : IUnchangedCheckpoints
{
    public async Task<bool> ReleaseIfUnchangedAsync(CheckpointSubmission submission, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (!submission.OnlyIfChanged || !await UnchangedAsync(submission, ct).ConfigureAwait(false)) return false;
        if (submission.SessionId is { } sessionId) await releaser.ReleaseAsync(submission.PartNumber, sessionId, ct).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> UnchangedAsync(CheckpointSubmission submission, CancellationToken ct)
    {
        var path = submission.FilePath;
        var downloaded = lineage.Of(path) is { Downloaded: true } known ? known.Base.FileHash : null;
        var last = history.LatestFor(submission.PartNumber);
        var lastCounts = last is not null
            && (!CheckpointContexts.NotifyContexts.Contains(submission.Context) || CheckpointContexts.NotifyContexts.Contains(last.Context));
        if ((downloaded is null && !lastCounts) || !File.Exists(path)) return false;
        try
        {
            var (sha256, _) = await hashes.HashAsync(path, ct).ConfigureAwait(false);
            return FileLineage.SameHash(sha256, downloaded) || (lastCounts && FileLineage.SameHash(sha256, last!.FileSha256));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable now (being written?): push, and let the outbox's copy settle it.
            return false;
        }
    }
}
