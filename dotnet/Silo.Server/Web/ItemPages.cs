using Silo.Server.Events;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Revisions;
using Silo.Server.Storage;

namespace Silo.Server.Web;

internal static class ItemPages
{
    private const int PageSize = 500;

    public static RouteGroupBuilder MapItemPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/items", List);
        pages.MapGet("/items/{partNumber}", Detail);
        pages.MapPost("/items/{partNumber}/lock", Lock);
        pages.MapPost("/items/{partNumber}/unlock", Unlock);
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

    private static Task<IResult> Detail(string partNumber, HttpContext http, IDatabase db, LockStore locks, RevisionStore revisions, EventLog log, CancellationToken ct) =>
        RenderDetail(partNumber, http.WebUser(), db, locks, revisions, log, error: null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> Lock(string partNumber, HttpContext http, IDatabase db, ItemStore items, LockStore locks, RevisionStore revisions,
        EventLog log, SiloServerOptions options, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return NotAllowed(user);
        // The same store call as POST /api/items/{pn}/lock, so every check-out rule applies here too.
        return await Change(partNumber, user, db, items, locks, revisions, log,
            (s, item) => locks.AcquireAsync(s, item, user.User, options.LockTtl, comment: null, ct), ct);
    }

    private static async Task<IResult> Unlock(string partNumber, HttpContext http, IDatabase db, ItemStore items, LockStore locks, RevisionStore revisions,
        EventLog log, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return NotAllowed(user);
        var reason = (await http.Request.ReadFormAsync(ct))["reason"].ToString();
        return await Change(partNumber, user, db, items, locks, revisions, log,
            (s, item) => locks.ReleaseAsync(s, item, user.User, string.IsNullOrWhiteSpace(reason) ? null : reason, ct), ct);
    }

    /// <summary>Runs a lock change in one write; a refusal is shown on the item page rather than as raw problem JSON.</summary>
    private static async Task<IResult> Change(string partNumber, WebUser user, IDatabase db, ItemStore items, LockStore locks, RevisionStore revisions,
        EventLog log, Func<DbSession, ItemRef, Task> change, CancellationToken ct)
    {
        try
        {
            await db.WriteAsync(async s =>
            {
                await change(s, await items.RequireAsync(s, partNumber, ct));
                return true;
            }, ct);
        }
        catch (ProblemException e)
        {
            return await RenderDetail(partNumber, user, db, locks, revisions, log, e.Message, e.Status, ct);
        }
        return TypedResults.Redirect(Layout.ItemPath(partNumber));
    }

    private static IResult NotAllowed(WebUser user) =>
        ErrorPages.Render(user, StatusCodes.Status403Forbidden, "Not allowed", $"The role '{Auth.Roles.ToWire(user.User.Role)}' may not lock items.");

    private static async Task<IResult> RenderDetail(string partNumber, WebUser user, IDatabase db, LockStore locks, RevisionStore revisions, EventLog log,
        string? error, int status, CancellationToken ct)
    {
        var found = await db.ReadAsync(async s =>
        {
            if (await ItemStore.FindAsync(s, partNumber, ct) is not { } item) return null;
            var reference = new ItemRef(item.Id, item.PartNumber);
            return new DetailData(item, await locks.FindActiveAsync(s, item.Id, ct), await revisions.ListAsync(s, reference, ct), await log.HeadAsync(s, ct));
        }, ct);
        if (found is null)
        {
            return Layout.Page("Not found", Html.Of($"""
                <h1>Not found</h1>
                <p>No item with part number <strong>{partNumber}</strong>. <a href="/items">All items</a></p>
                """), user, status: StatusCodes.Status404NotFound);
        }
        var (item, current, history, head) = found;

        var message = error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>");
        var rows = history.Count == 0
            ? Html.Of($"<tr><td colspan=\"5\" class=\"hint\">No revisions yet.</td></tr>")
            : Html.Join(history.Select(r => Html.Of($"""
                <tr><td class="num">{r.Revision}</td><td>{r.Status}</td><td>{r.Comment}</td><td>{r.CreatedBy}</td><td>{Layout.Time(r.CreatedAt)}</td></tr>
                """)));
        return Layout.Page(item.PartNumber, Html.Of($"""
            <header class="item-header">
              <h1>{LockCell(item.PartNumber, current, "span")} {item.PartNumber}</h1>
              {LockButtons(item.PartNumber, current, user)}
            </header>
            {message}
            <p class="description">{item.Description}</p>
            <dl class="facts">
              <dt>Category</dt><dd>{item.Category}</dd>
              <dt>Project</dt><dd>{item.Project}</dd>
              <dt>Created by</dt><dd>{item.CreatedBy}</dd>
            </dl>
            <h2>Revisions</h2>
            <table class="revisions">
              <thead><tr><th>Rev</th><th>Status</th><th>Comment</th><th>By</th><th>Created</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            """), user, head, status);
    }

    /// <summary>The lock icon, kept up to date by the page script through <c>data-lock-for</c>.</summary>
    internal static Html LockCell(string partNumber, LockView? current, string element) =>
        current is null
            ? Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\"></{element}>")
            : Html.Of($"<{element} class=\"lock\" data-lock-for=\"{partNumber}\" title=\"{Layout.LockTitle(current.LockedBy, current.LockedAt)}\">🔒</{element}>");

    /// <summary>
    /// Editors and admins get both forms, one hidden, so the script can switch them when the lock
    /// changes elsewhere; viewers get neither.
    /// </summary>
    private static Html LockButtons(string partNumber, LockView? current, WebUser user)
    {
        if (!user.CanLock) return Html.Empty;
        var mayUnlock = current is not null && (current.LockedBy == user.User.Username || user.User.IsAdmin);
        var path = Layout.ItemPath(partNumber);
        var reason = user.User.IsAdmin
            ? Html.Of($"<input name=\"reason\" placeholder=\"Reason (to release another user's lock)\" aria-label=\"Reason\">")
            : Html.Empty;
        return Html.Of($"""
            <div class="lock-actions">
              <form method="post" action="{path}/lock" data-lock-action="lock" data-pn="{partNumber}"{Hidden(current is not null)}>{Layout.CsrfInput(user)}<button type="submit">Lock</button></form>
              <form method="post" action="{path}/unlock" data-lock-action="unlock" data-pn="{partNumber}"{Hidden(!mayUnlock)}>{Layout.CsrfInput(user)}{reason}<button type="submit">Unlock</button></form>
            </div>
            """);
    }

    private sealed record DetailData(ItemStore.Row Item, LockView? Lock, IReadOnlyList<RevisionView> Revisions, long Head);

    private static Html Hidden(bool hidden) => hidden ? new Html(" hidden") : Html.Empty;
}
