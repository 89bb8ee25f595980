namespace Silo.Client.Items;

/// <summary>What making an item takes. Part number, category and project become folder and file names, so the server checks them.</summary>
public sealed record NewItem(string PartNumber, string Category, string Project, string Description);
