using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>How the item page's buttons change an item: one write, then back to the page; a refusal is shown on the page.</summary>
internal static class PageChange
{
    /// <summary>
    /// Runs the change in one write, then redirects to the item page; a refusal re-renders the item
    /// page with the API's words and status rather than answering raw problem JSON.
    /// </summary>
    public static async Task<IResult> RunAsync(string partNumber, WebUser user, ItemStore items, ItemDetailSources sources,
        Func<DbSession, ItemRef, Task> change, CancellationToken ct)
    {
        try
        {
            await sources.Db.WriteAsync(async s =>
            {
                await change(s, await items.RequireAsync(s, partNumber, ct));
                return true;
            }, ct);
        }
        catch (ProblemException e)
        {
            return await ItemDetailPage.RenderAsync(partNumber, user, sources, e.Message, e.Status, ct);
        }
        return TypedResults.Redirect(Layout.ItemPath(partNumber));
    }

    public static IResult NotAllowed(WebUser user, string what) =>
        ErrorPages.Render(user, StatusCodes.Status403Forbidden, "Not allowed", $"The role '{Auth.Roles.ToWire(user.User.Role)}' may not {what}.");
}
