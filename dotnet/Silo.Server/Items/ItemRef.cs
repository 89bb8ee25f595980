namespace Silo.Server.Items;

/// <summary>The columns every feature needs to refer to an item.</summary>
public sealed record ItemRef(string Id, string PartNumber);
