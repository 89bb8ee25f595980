using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>The items table with its search, and the New item form for editors.</summary>
internal static class ItemsPage
{
    private const int PageSize = 500;

    public static Task<IResult> List(HttpContext http, [AsParameters] ItemsPageSources sources, CancellationToken ct, string? search = null) =>
        RenderAsync(http.WebUser(), sources, search, NewItemForm.Empty, StatusCodes.Status200OK, ct);

    /// <summary>Through the same rules as POST /api/items; a refused item re-renders the form as typed, with what was wrong.</summary>
    public static async Task<IResult> Create(HttpContext http, ItemCreation creation, [AsParameters] ItemsPageSources sources, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanEdit) return PageChange.NotAllowed(user, "create items");
        var form = NewItemForm.From(await http.Request.ReadFormAsync(ct));
        try
        {
            var item = await creation.CreateAsync(new NewItem(form.PartNumber, form.Category, form.Project, form.Description), user.User, ct);
            return TypedResults.Redirect(Layout.ItemPath(item.PartNumber));
        }
        catch (ValidationException e)
        {
            return await RenderAsync(user, sources, search: null, form with { Errors = e.Errors }, e.Status, ct);
        }
        catch (ProblemException e) when (e.Status == StatusCodes.Status409Conflict)
        {
            var taken = new Dictionary<string, string[]> { ["part_number"] = [e.Message + " Open it from the list, or choose another part number."] };
            return await RenderAsync(user, sources, search: null, form with { Errors = taken }, e.Status, ct);
        }
    }

    private static async Task<IResult> RenderAsync(WebUser user, ItemsPageSources sources, string? search, NewItemForm form, int status, CancellationToken ct)
    {
        var (rows, total, active, head) = await sources.Db.ReadAsync(async s =>
        {
            var (rows, total) = await sources.Items.SearchAsync(s, new ItemSearchParameters(search, Limit: PageSize), ct);
            return (rows, total, await sources.Locks.ListActiveAsync(s, ct), await sources.Log.HeadAsync(s, ct));
        }, ct);
        var lockByItem = active.ToDictionary(l => l.PartNumber, StringComparer.Ordinal);
        var body = Html.Join(rows.Select(r => Html.Of($"""
            <tr data-pn="{r.PartNumber}">
              {ItemPages.LockCell(r.PartNumber, lockByItem.GetValueOrDefault(r.PartNumber), "td")}
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
            {form.Render(user)}
            <form method="get" action="/items" class="search" role="search">
              <input type="search" name="search" value="{search}" placeholder="Part number or description" aria-label="Search items">
              <button type="submit">Search</button>
            </form>
            <table class="items">
              <thead><tr><th class="lock" aria-label="Lock"></th><th>Part number</th><th>Description</th><th>Category</th><th>Project</th><th>Rev</th></tr></thead>
              <tbody>{body}</tbody>
            </table>
            {more}
            """), user, head, status);
    }
}

/// <summary>The stores behind the items page, bound as one endpoint parameter.</summary>
internal sealed record ItemsPageSources(IDatabase Db, ItemStore Items, LockStore Locks, EventLog Log);
