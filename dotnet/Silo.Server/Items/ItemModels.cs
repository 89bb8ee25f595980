using Silo.Server.Lineage;
using Silo.Server.Locks;

namespace Silo.Server.Items;

public sealed record CreateItemRequest(string? PartNumber, string? Category, string? Project, string? Description);

/// <summary>Fields left out (null) keep their value; the part number is the item's identity and never changes.</summary>
public sealed record UpdateItemRequest(string? Category, string? Project, string? Description);

public sealed record ItemView(
    string Id,
    string PartNumber,
    string Category,
    string Project,
    string Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? LatestRevision,
    LockView? Lock,
    ItemVersion? Head);

public sealed record ItemPage(IReadOnlyList<ItemView> Items, int Total, int Limit, int Offset);

/// <summary>The columns every feature needs to refer to an item.</summary>
public sealed record ItemRef(string Id, string PartNumber);
