using Silo.Protocol.Users;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<CurrentUser> GetCurrentUserAsync(CancellationToken ct = default) => GetAsync<CurrentUser>("api/me", ct);
}
