namespace Silo.Client.Workstations;

public static class WorkstationIdentity
{
    /// <summary>
    /// This machine's workstation id on the server: the stored one, or a registration (by host
    /// name and fingerprint) that is then stored. Registration is idempotent per fingerprint, so a
    /// lost store gets the same id back rather than a second workstation.
    /// </summary>
    /// <param name="instanceUrl">The server's address as configured; part of the fingerprint.</param>
    public static async Task<string> GetOrRegisterAsync(ISiloClient client, IWorkstationIdStore store, string instanceUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        if (await store.GetAsync(ct).ConfigureAwait(false) is { } cached) return cached;
        var workstation = await client.RegisterWorkstationAsync(Environment.MachineName, WorkstationFingerprint.Generate(instanceUrl), ct)
            .ConfigureAwait(false);
        await store.SetAsync(workstation.Id, ct).ConfigureAwait(false);
        return workstation.Id;
    }
}
