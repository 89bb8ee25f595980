using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Storage;

namespace Silo.Server.EditSessions;

/// <summary>Checking an item out would lock out a user already editing inside it, so it is refused while they are.</summary>
public sealed class EditSessionCheckoutRule(EditSessionStore sessions) : ICheckoutRule
{
    public async Task EnsureCheckoutAllowedAsync(DbSession s, ItemRef item, SiloUser user, CancellationToken ct)
    {
        var other = await sessions.FirstLiveOfOthersAsync(s, item.Id, user.Id, ct);
        if (other is null) return;
        var where = other.WorkstationName is null ? "" : $" on {other.WorkstationName}";
        throw EditSessionStore.HardInterference(
            $"{item.PartNumber} cannot be checked out: {other.Username} is editing {other.ObjectId}{where} since {Storage.Time.FromStored(other.AcquiredAt):u}.",
            "edit_session_held", other.ToHolder());
    }
}
