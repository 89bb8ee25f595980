using System.Text.Json.Serialization;

namespace Silo.Protocol.Sync;

/// <summary>The workstation now holds this revision or checkpoint of the item (named by id or part number).</summary>
public sealed record SyncAck(string? ItemId, string? PartNumber, string FileHash, int? Revision = null, string? CheckpointId = null,
    [property: JsonConverter(typeof(AbsentMeansFalse))] bool IsCheckpoint = false)
{
    public static SyncAck ForRevision(string itemId, int revision, string fileHash) => new(itemId, null, fileHash, Revision: revision);

    public static SyncAck ForCheckpoint(string itemId, string checkpointId, string fileHash) =>
        new(itemId, null, fileHash, CheckpointId: checkpointId, IsCheckpoint: true);
}
