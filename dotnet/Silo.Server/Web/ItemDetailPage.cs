using Silo.Server.Locks;

namespace Silo.Server.Web;

/// <summary>One item: its facts, lock, revisions, live edit sessions and latest checkpoints.</summary>
internal static class ItemDetailPage
{
    public static Task<IResult> Show(string partNumber, HttpContext http, [AsParameters] ItemDetailSources sources, CancellationToken ct) =>
        RenderAsync(partNumber, http.WebUser(), sources, error: null, StatusCodes.Status200OK, ct);

    /// <param name="error">A refused change, shown above the facts with the status it was refused with.</param>
    public static async Task<IResult> RenderAsync(string partNumber, WebUser user, ItemDetailSources sources, string? error, int status, CancellationToken ct)
    {
        if (await sources.LoadAsync(partNumber, ct) is not { } detail)
        {
            return Layout.Page("Not found", Html.Of($"""
                <h1>Not found</h1>
                <p>No item with part number <strong>{partNumber}</strong>. <a href="/items">All items</a></p>
                """), user, status: StatusCodes.Status404NotFound);
        }
        var item = detail.Item;
        var message = error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>");
        var rows = detail.Revisions.Count == 0
            ? Html.Of($"<tr><td colspan=\"6\" class=\"hint\">No revisions yet.</td></tr>")
            : Html.Join(detail.Revisions.Select(r => Html.Of($"""
                <tr data-revision="{r.Number}"><td class="num">{r.Number}</td><td>{r.Status}</td><td>{r.Comment}</td><td>{r.CreatedBy}</td><td>{Layout.Time(r.CreatedAt)}</td>{ReleaseAction.Cell(item.PartNumber, r, user)}</tr>
                """)));
        return Layout.Page(item.PartNumber, Html.Of($"""
            <header class="item-header">
              <h1>{ItemPages.LockCell(item.PartNumber, detail.Lock, "span")} {item.PartNumber}</h1>
              {LockButtons(item.PartNumber, detail.Lock, user)}
            </header>
            {message}
            {ItemActivity.LockState(item.PartNumber, detail.Lock)}
            <p class="description">{item.Description}</p>
            <dl class="facts">
              <dt>Category</dt><dd>{item.Category}</dd>
              <dt>Project</dt><dd>{item.Project}</dd>
              <dt>Created by</dt><dd>{item.CreatedBy}</dd>
            </dl>
            <h2>Revisions</h2>
            <table class="revisions">
              <thead><tr><th>Rev</th><th>Status</th><th>Comment</th><th>By</th><th>Created</th><th>Release</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <h2>Edit sessions</h2>
            {ItemActivity.Sessions(item.PartNumber, detail.Sessions)}
            <h2>Latest checkpoints</h2>
            {ItemActivity.Checkpoints(item.PartNumber, detail.Checkpoints)}
            """), user, detail.EventHead, status);
    }

    /// <summary>
    /// Editors and admins get both forms, one hidden, so the script can switch them when the lock
    /// changes elsewhere; viewers get neither.
    /// </summary>
    private static Html LockButtons(string partNumber, ItemLock? current, WebUser user)
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

    private static Html Hidden(bool hidden) => hidden ? new Html(" hidden") : Html.Empty;
}
