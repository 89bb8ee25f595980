using Silo.Protocol.EditSessions;
using Silo.Client.Http;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public async Task<EditSessionResult> AcquireEditSessionAsync(
        string partNumber, string workstationId, string contextLevel, string objectId, IReadOnlyList<string>? dependencyCone = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        ArgumentException.ThrowIfNullOrEmpty(contextLevel);
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        using var request = Request(HttpMethod.Post, $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session",
            new AcquireEditSessionRequest(workstationId, contextLevel, objectId, dependencyCone));
        // The same object from the same workstation returns the same session, so a retry cannot grant twice.
        request.Options.Set(SiloRequestOptions.Repeatable, true);
        // The workbench waits on this call to open an editor: it runs under SiloClientOptions.AcquireBudget.
        request.Options.Set(SiloRequestOptions.ContextEntry, true);
        return await ExchangeAsync(request, content => ReadJsonAsync<EditSessionResult>(content, request, ct), ct).ConfigureAwait(false);
    }

    public Task ReleaseEditSessionAsync(string partNumber, string sessionId, string? reason = null, CancellationToken ct = default)
    {
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session/{Segment(sessionId, nameof(sessionId))}";
        if (reason is not null) path += "?reason=" + Uri.EscapeDataString(reason);
        return SendAsync(HttpMethod.Delete, path, body: null, ct);
    }

    public Task<IReadOnlyList<EditSession>> GetEditSessionsAsync(string partNumber, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<EditSession>>($"api/items/{Segment(partNumber, nameof(partNumber))}/edit-sessions", ct);

    public async Task<IReadOnlyList<ItemEditSessions>> ListEditSessionsAsync(IReadOnlyCollection<string> partNumbers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(partNumbers);
        var found = new List<ItemEditSessions>();
        foreach (var chunk in partNumbers.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(ItemEditSessions.MaxItems))
        {
            var query = string.Join("&", chunk.Select(p => "part_number=" + Uri.EscapeDataString(p)));
            found.AddRange(await GetAsync<IReadOnlyList<ItemEditSessions>>("api/edit-sessions?" + query, ct).ConfigureAwait(false));
        }
        return found;
    }

    public Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post,
            $"api/items/{Segment(partNumber, nameof(partNumber))}/edit-session/{Segment(sessionId, nameof(sessionId))}/request-handoff",
            new HandoffRequest(message), ct);
}
