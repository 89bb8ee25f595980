using Silo.Protocol.Lineage;
using Silo.Protocol.Locks;
using Silo.Protocol.Events;

namespace Silo.Protocol.Items;

/// <summary>An item, as answers and the data of <c>item.created</c> and <c>item.updated</c> carry it.</summary>
/// <param name="LatestRevision">Null while the item has no revision (no file) yet.</param>
/// <param name="Lock">The active check-out lock, or null.</param>
/// <param name="Head">The newest version (revision or checkpoint); null before the first push.</param>
public sealed record Item(
    string Id,
    string PartNumber,
    string Category,
    string Project,
    string Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? LatestRevision = null,
    ItemLock? Lock = null,
    ItemVersion? Head = null) : SiloEventPayload;
