using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Storage;

namespace Silo.Server.Web;

internal static class ItemPages
{
    private const int PageSize = 500;

    public static RouteGroupBuilder MapItemPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/items", List);
        pages.MapGet("/items/{partNumber}", ItemDetailPage.Show);
        pages.MapPost("/items/{partNumber}/lock", LockActions.Lock);
        pages.MapPost("/items/{partNumber}/unlock", LockActions.Unlock);
        pages.MapGet("/items/{partNumber}/checkpoints/{checkpointId}/file", CheckpointDownload.Get);
        return pages;
    }

    private static async Task<IResult> List(HttpContext http, IDatabase db, ItemStore items, LockStore locks, EventLog log, CancellationToken ct, string? search = null)
    {
        var user = http.WebUser();
        var (rows, total, active, head) = await db.ReadAsync(async s =>
        {
            var (rows, total) = await items.SearchAsync(s, new ItemQuery(search, null, null, null, PageSize, 0), ct);
            return (rows, total, await locks.ListActiveAsync(s, ct), await log.HeadAsync(s, ct));
        }, ct);
        var lockByItem = active.ToDictionary(l => l.PartNumber, StringComparer.Ordinal);
        var body = Html.Join(rows.Select(r => Html.Of($"""
            <tr data-pn="{r.PartNumber}">
              {LockCell(r.PartNumber, lockByItem.GetValueOrDefault(r.PartNumber), "td")}
              <td><a href="{Layout.ItemPath(r.PartNumber)}">{r.PartNumber}</a></td>
              <td>{r.Description}</td>
              <td>{r.Category}</td>
              <td>{r.Project}</td>
              <td class="num">{r.LatestRevision}</td>
            </tr>
            """)));
        var more = total > rows.Count ? Html.Of($"<p class=\"hint\">Showing {rows.Count} of {total}; refine the search.</p>") : Html.Empty;
        return Layout.Page("Items", Html.Of($"""
            <h1>Items</h1>
            <form method="get" action="/items" class="search" role="search">
              <input type="search" name="search" value="{search}" placeholder="Part number or description" aria-label="Search items">
              <button type="submit">Search</button>
            </form>
            <table class="items">
              <thead><tr><th class="lock" aria-label="Lock"></th><th>Part number</th><th>Description</th><th>Category</th><th>Project</th><th>Rev</th></tr></thead>
              <tbody>{body}</tbody>
            </table>
            {more}
            """), user, head);
    }

    /// <summary>The lock icon, kept up to date by the page script through <c>data-lock-for</c>.</summary>
    internal static Html LockCell(string partNumber, LockView? current, string element) =>
        current is null
            ? Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\"></{element}>")
            : Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\" title=\"{Layout.LockTitle(current.LockedBy, current.LockedAt)}\">🔒</{element}>");
}
