using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>The item page's Lock and Unlock buttons, through the same store calls as the locks API.</summary>
internal static class LockActions
{
    public static async Task<IResult> Lock(string partNumber, HttpContext http, ItemStore items, [AsParameters] ItemDetailSources sources,
        SiloServerOptions options, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return NotAllowed(user, "lock items");
        // The same store call as POST /api/items/{pn}/lock, so every check-out rule applies here too.
        return await ChangeAsync(partNumber, user, items, sources,
            (s, item) => sources.Locks.AcquireAsync(s, item, user.User, options.LockTtl, comment: null, ct), ct);
    }

    public static async Task<IResult> Unlock(string partNumber, HttpContext http, ItemStore items, [AsParameters] ItemDetailSources sources, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return NotAllowed(user, "lock items");
        var reason = (await http.Request.ReadFormAsync(ct))["reason"].ToString();
        return await ChangeAsync(partNumber, user, items, sources,
            (s, item) => sources.Locks.ReleaseAsync(s, item, user.User, string.IsNullOrWhiteSpace(reason) ? null : reason, ct), ct);
    }

    /// <summary>
    /// Runs a change of the item in one write, then back to the item page; a refusal is shown on the
    /// item page with the API's words and status rather than as raw problem JSON.
    /// </summary>
    public static async Task<IResult> ChangeAsync(string partNumber, WebUser user, ItemStore items, ItemDetailSources sources,
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
