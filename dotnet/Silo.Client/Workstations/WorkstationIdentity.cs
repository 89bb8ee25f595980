namespace Silo.Client.Workstations;

public static class WorkstationIdentity
{
    /// <summary>
    /// This machine's workstation id on the server: the stored one, or a registration (by host
    /// name and fingerprint) that is then stored. Registration is idempotent per fingerprint, so a
    /// lost store gets the same id back rather than a second workstation.
    /// </summary>
    /// <param name="instanceUrl">The server's address as configured; part of the fingerprint.</param>
    /// <param name="clientName">The program ("silo", "FreeCAD"): each is a workstation of its own, named "host (client)".</param>
    public static async Task<string> GetOrRegisterAsync(ISiloClient client, IWorkstationIdStore store, string instanceUrl, string clientName,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        if (await store.GetAsync(ct).ConfigureAwait(false) is { } cached) return cached;
        var workstation = await RegisterAsync(client, instanceUrl, clientName, ct).ConfigureAwait(false);
        await store.SetAsync(workstation.Id, ct).ConfigureAwait(false);
        return workstation.Id;
    }

    /// <summary>Registers (or finds again) this machine's workstation for one client program.</summary>
    public static Task<Workstation> RegisterAsync(ISiloClient client, string instanceUrl, string clientName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.RegisterWorkstationAsync(WorkstationFingerprint.Name(clientName), WorkstationFingerprint.Generate(instanceUrl, clientName), ct);
    }
}
