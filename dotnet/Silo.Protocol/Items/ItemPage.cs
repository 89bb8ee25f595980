namespace Silo.Protocol.Items;

/// <param name="Total">How many items match, across all pages.</param>
public sealed record ItemPage(IReadOnlyList<Item> Items, int Total, int Limit, int Offset);
