namespace Silo.Protocol.Items;

/// <summary>Fields left out (null) keep their value; the part number is the item's identity and never changes.</summary>
public sealed record UpdateItemRequest(string? Category, string? Project, string? Description);
