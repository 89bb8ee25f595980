using Silo.Client.Workstations;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<IReadOnlyList<Workstation>> ListWorkstationsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<Workstation>>("api/workstations", ct);

    public Task<Workstation> RegisterWorkstationAsync(string name, string fingerprint, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return SendAsync<Workstation>(HttpMethod.Post, "api/workstations", new RegisterWorkstationRequest(name, fingerprint), ct,
            repeatable: true);
    }

    public Task DeleteWorkstationAsync(string workstationId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/workstations/{Segment(workstationId, nameof(workstationId))}", body: null, ct);

    public Task<HeartbeatResult> HeartbeatAsync(string workstationId, CancellationToken ct = default) =>
        SendAsync<HeartbeatResult>(HttpMethod.Post, $"api/workstations/{Segment(workstationId, nameof(workstationId))}/heartbeat", body: null, ct, repeatable: true);

    public Task<IReadOnlyList<ItemEditSessions>> GetPresenceAsync(string workstationId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ItemEditSessions>>($"api/workstations/{Segment(workstationId, nameof(workstationId))}/presence", ct);

    public Task WatchItemsAsync(string workstationId, IReadOnlyCollection<string> partNumbers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(partNumbers);
        return SendAsync(HttpMethod.Put, $"api/workstations/{Segment(workstationId, nameof(workstationId))}/watched-items",
            new WatchItemsRequest([.. partNumbers]), ct, repeatable: true);
    }
}
