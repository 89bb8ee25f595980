using Silo.Server.Events;
using Silo.Server.Locks;
using Silo.Server.Storage;

namespace Silo.Server.Web;

internal static class LocksPage
{
    public static RouteGroupBuilder MapLocksPage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/locks", Show);
        return pages;
    }

    private static async Task<IResult> Show(HttpContext http, IDatabase db, LockStore locks, EventLog log, CancellationToken ct)
    {
        var (active, head) = await db.ReadAsync(async s => (await locks.ListActiveAsync(s, ct), await log.HeadAsync(s, ct)), ct);
        var rows = Html.Join(active.Select(l => Html.Of($"""
            <tr data-pn="{l.PartNumber}">
              {ItemPages.LockCell(l.PartNumber, l, "td")}
              <td><a href="{Layout.ItemPath(l.PartNumber)}">{l.PartNumber}</a></td>
              <td>{l.LockedBy}</td>
              <td>{Layout.Time(l.LockedAt)}</td>
              <td>{Layout.Time(l.ExpiresAt)}</td>
              <td>{l.Comment}</td>
            </tr>
            """)));
        return Layout.Page("Active locks", Html.Of($"""
            <h1>Active locks</h1>
            <table class="locks" data-locks-table>
              <thead><tr><th class="lock" aria-label="Lock"></th><th>Part number</th><th>Locked by</th><th>Since</th><th>Expires</th><th>Comment</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <p class="hint" data-locks-empty{(active.Count == 0 ? Html.Empty : new Html(" hidden"))}>No item is checked out.</p>
            """), http.WebUser(), head);
    }
}
