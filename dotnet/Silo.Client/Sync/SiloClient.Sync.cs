using System.Globalization;
using Silo.Client.Sync;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task ReportSyncStateAsync(string workstationId, IReadOnlyList<SyncStateItem> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return SendAsync(HttpMethod.Post, $"api/workstations/{Segment(workstationId, nameof(workstationId))}/sync-state", new SyncStateReport(items), ct, repeatable: true);
    }

    public async Task<SyncDiff> GetSyncDiffAsync(string workstationId, int? pageSize = null, CancellationToken ct = default)
    {
        List<SyncDiffEntry> downloads = [], updates = [], removals = [];
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await GetSyncDiffPageAsync(workstationId, cursor, pageSize, ct).ConfigureAwait(false);
            downloads.AddRange(page.Downloads);
            updates.AddRange(page.Updates);
            removals.AddRange(page.Removals);
            cursor = page.NextCursor;
            // A server handing back a cursor it already gave would loop forever.
            if (cursor is not null && !seen.Add(cursor))
                throw new Errors.SiloApiException($"The sync diff of {workstationId} repeated the cursor {cursor}.");
        }
        while (cursor is not null);
        return new SyncDiff(downloads, updates, removals, NextCursor: null);
    }

    public Task<SyncDiff> GetSyncDiffPageAsync(string workstationId, string? cursor = null, int? limit = null, CancellationToken ct = default)
    {
        var query = new List<string>(2);
        if (cursor is not null) query.Add("cursor=" + Uri.EscapeDataString(cursor));
        if (limit is { } n) query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
        var path = $"api/workstations/{Segment(workstationId, nameof(workstationId))}/sync-diff";
        return GetAsync<SyncDiff>(query.Count == 0 ? path : path + "?" + string.Join('&', query), ct);
    }

    public Task AckSyncAsync(string workstationId, SyncAck ack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return SendAsync(HttpMethod.Post, $"api/workstations/{Segment(workstationId, nameof(workstationId))}/sync-ack", ack, ct, repeatable: true);
    }
}
