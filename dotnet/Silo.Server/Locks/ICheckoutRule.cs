using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Storage;

namespace Silo.Server.Locks;

/// <summary>
/// A rule from another feature that can refuse a new check-out (for instance another user's live
/// edit session on the item). Runs inside the acquiring transaction; refuses by throwing a problem.
/// </summary>
public interface ICheckoutRule
{
    Task EnsureCheckoutAllowedAsync(DbSession s, ItemRef item, SiloUser user, CancellationToken ct);
}
