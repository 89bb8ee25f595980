using Silo.Protocol.Locks;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<ItemLock> LockItemAsync(string partNumber, string? comment = null, TimeSpan? ttl = null, CancellationToken ct = default)
    {
        if (ttl is { } t) ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.FromSeconds(1), nameof(ttl));
        var seconds = ttl is { } span ? (long?)Math.Ceiling(span.TotalSeconds) : null;
        // Taking a lock you already hold only renews it, so repeating the POST after a lost answer is harmless.
        return SendAsync<ItemLock>(HttpMethod.Post, $"api/items/{Segment(partNumber, nameof(partNumber))}/lock", new AcquireLockRequest(comment, seconds), ct,
            repeatable: true);
    }

    public Task UnlockItemAsync(string partNumber, string? reason = null, CancellationToken ct = default)
    {
        var path = $"api/items/{Segment(partNumber, nameof(partNumber))}/lock";
        if (!string.IsNullOrWhiteSpace(reason)) path += "?reason=" + Uri.EscapeDataString(reason);
        return SendAsync(HttpMethod.Delete, path, body: null, ct);
    }

    public async Task<ItemLock?> GetLockAsync(string partNumber, CancellationToken ct = default) =>
        (await GetAsync<LockStatus>($"api/items/{Segment(partNumber, nameof(partNumber))}/lock", ct).ConfigureAwait(false)).Lock;

    public Task<IReadOnlyList<ItemLock>> ListLocksAsync(CancellationToken ct = default) => GetAsync<IReadOnlyList<ItemLock>>("api/locks", ct);
}
