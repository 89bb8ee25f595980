using System.Globalization;
using Silo.Client.Items;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<Item> CreateItemAsync(NewItem item, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        // Not repeatable: a retried create of an item that was made is a 409 the caller would misread.
        return SendAsync<Item>(HttpMethod.Post, "api/items", item, ct);
    }

    public Task<Item> GetItemAsync(string partNumber, CancellationToken ct = default) =>
        GetAsync<Item>($"api/items/{Segment(partNumber, nameof(partNumber))}", ct);

    public Task<ItemPage> ListItemsAsync(ItemQuery? query = null, CancellationToken ct = default)
    {
        query ??= new ItemQuery();
        var parts = new List<string>(6);
        void Add(string name, string? value)
        {
            if (value is not null) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("search", query.Search);
        Add("category", query.Category);
        Add("project", query.Project);
        Add("locked", query.Locked is { } locked ? (locked ? "true" : "false") : null);
        Add("limit", query.Limit?.ToString(CultureInfo.InvariantCulture));
        Add("offset", query.Offset?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<ItemPage>(parts.Count == 0 ? "api/items" : "api/items?" + string.Join('&', parts), ct);
    }
}
