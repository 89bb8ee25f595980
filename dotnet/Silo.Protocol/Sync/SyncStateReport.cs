namespace Silo.Protocol.Sync;

/// <summary>Everything the workstation holds; it replaces what the server knew before.</summary>
public sealed record SyncStateReport(IReadOnlyList<SyncStateItem?>? Items);
