using System.Text.Json.Serialization;

namespace Silo.Protocol.Sync;

/// <summary>One file the workstation holds: a revision, or a checkpoint.</summary>
/// <param name="FileHash">SHA-256 of the local file, which differs from the server's when the user changed it.</param>
public sealed record SyncStateItem(string PartNumber, string FileHash, int? Revision = null, string? CheckpointId = null,
    [property: JsonConverter(typeof(AbsentMeansFalse))] bool IsCheckpoint = false)
{
    public static SyncStateItem ForRevision(string partNumber, int revision, string fileHash) => new(partNumber, fileHash, Revision: revision);

    public static SyncStateItem ForCheckpoint(string partNumber, string checkpointId, string fileHash) =>
        new(partNumber, fileHash, CheckpointId: checkpointId, IsCheckpoint: true);
}
