using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>The shape every held-file entry must have, in a report and in an acknowledgement.</summary>
internal static class SyncRules
{
    public const int MaxCheckpointId = 128;

    /// <summary>A checkpoint is named by its id; a revision by its number.</summary>
    public static IEnumerable<(string Field, string Message)> HeldErrors(string prefix, int? revision, string? checkpointId, string? fileHash, bool isCheckpoint)
    {
        if (fileHash is null || !FileBlobStore.IsHash(fileHash))
            yield return (prefix + "file_hash", "file_hash must be a SHA-256 hex digest (64 hex digits).");
        if (revision is < 1) yield return (prefix + "revision", "revision must be 1 or more.");
        if (isCheckpoint)
        {
            if (string.IsNullOrEmpty(checkpointId) || checkpointId.Length > MaxCheckpointId || checkpointId.Any(char.IsControl))
                yield return (prefix + "checkpoint_id", "checkpoint_id is required when is_checkpoint is true.");
        }
        else
        {
            if (revision is null) yield return (prefix + "revision", "revision is required when is_checkpoint is false.");
            if (checkpointId is not null) yield return (prefix + "checkpoint_id", "checkpoint_id is only allowed when is_checkpoint is true.");
        }
    }

    public static IEnumerable<(string Field, string Message)> ReportEntryErrors(string prefix, SyncStateItem item, ISet<string> seen)
    {
        if (NameRules.CheckPartNumber(item.PartNumber) is { } bad) yield return (prefix + "part_number", bad);
        else if (!seen.Add(item.PartNumber!)) yield return (prefix + "part_number", $"{item.PartNumber} is listed twice.");
        foreach (var error in HeldErrors(prefix, item.Revision, item.CheckpointId, item.FileHash, item.IsCheckpoint)) yield return error;
    }

    public static Validator AddAll(this Validator v, IEnumerable<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors) v.Add(field, message);
        return v;
    }
}
