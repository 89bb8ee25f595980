using System.Text.Json.Serialization;
using Silo.Protocol.Events;

namespace Silo.Protocol.Revisions;

/// <summary>One numbered version of an item's file; also the data of <c>revision.created</c> and <c>revision.released</c>.</summary>
/// <param name="Number">1, 2, 3, ... per item (<c>revision</c> on the wire).</param>
/// <param name="Status">One of <see cref="RevisionStatuses"/>.</param>
/// <param name="Version">Its place in the item's lineage (revisions and checkpoints are numbered together).</param>
public sealed record Revision(
    string Id,
    string PartNumber,
    [property: JsonPropertyName("revision")] int Number,
    string FileHash,
    long FileSize,
    string Comment,
    string Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ReleasedBy = null,
    DateTimeOffset? ReleasedAt = null,
    long? Version = null) : SiloEventPayload;
