using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Locks;

namespace Silo.Server.Web;

/// <summary>The item page's Lock and Unlock buttons, through the same store calls as the locks API.</summary>
internal static class LockActions
{
    public static async Task<IResult> Lock(string partNumber, HttpContext http, ItemStore items, [AsParameters] ItemDetailSources sources,
        SiloServerOptions options, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return PageChange.NotAllowed(user, "lock items");
        // The same store call as POST /api/items/{pn}/lock, so every check-out rule applies here too.
        return await PageChange.RunAsync(partNumber, user, items, sources,
            (s, item) => sources.Locks.AcquireAsync(s, item, user.User, options.LockTtl, comment: null, ct), ct);
    }

    public static async Task<IResult> Unlock(string partNumber, HttpContext http, ItemStore items, [AsParameters] ItemDetailSources sources, CancellationToken ct)
    {
        var user = http.WebUser();
        if (!user.CanLock) return PageChange.NotAllowed(user, "lock items");
        var reason = (await http.Request.ReadFormAsync(ct))["reason"].ToString();
        return await PageChange.RunAsync(partNumber, user, items, sources,
            (s, item) => sources.Locks.ReleaseAsync(s, item, user.User, string.IsNullOrWhiteSpace(reason) ? null : reason, ct), ct);
    }
}
