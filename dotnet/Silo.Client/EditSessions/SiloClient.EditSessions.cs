using Silo.Client.EditSessions;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<EditSessionResult> AcquireEditSessionAsync(
        string partNumber, string workstationId, string contextLevel, string objectId, IReadOnlyList<string>? dependencyCone = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        ArgumentException.ThrowIfNullOrEmpty(contextLevel);
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        return SendAsync<EditSessionResult>(HttpMethod.Post, $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session",
            new AcquireEditSessionRequest(workstationId, contextLevel, objectId, dependencyCone), ct,
            // The same object from the same workstation returns the same session, so a retry cannot grant twice.
            repeatable: true);
    }

    public Task ReleaseEditSessionAsync(string partNumber, string sessionId, string? reason = null, CancellationToken ct = default)
    {
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session/{Segment(sessionId, nameof(sessionId))}";
        if (reason is not null) path += "?reason=" + Uri.EscapeDataString(reason);
        return SendAsync(HttpMethod.Delete, path, body: null, ct);
    }

    public Task<IReadOnlyList<EditSession>> GetEditSessionsAsync(string partNumber, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<EditSession>>($"api/items/{Segment(partNumber, nameof(partNumber))}/edit-sessions", ct);

    public Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post,
            $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session/{Segment(sessionId, nameof(sessionId))}/request-handoff",
            new HandoffRequest(message), ct);
}
