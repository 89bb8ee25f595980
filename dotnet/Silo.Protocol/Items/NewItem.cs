namespace Silo.Protocol.Items;

/// <summary>What making an item takes. Part number, category and project become folder and file names, so the server checks them (see <see cref="NameRules"/>).</summary>
public sealed record NewItem(string? PartNumber, string? Category, string? Project, string? Description);
