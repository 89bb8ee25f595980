namespace Silo.Client.Sync;

internal sealed record SyncStateReport(IReadOnlyList<SyncStateItem> Items);
