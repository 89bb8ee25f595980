using Silo.Client.Events;

namespace SiloMod.Core.Sync;

/// <summary>What the Sync Status panel shows.</summary>
/// <param name="Pending">Inbound downloads queued or running.</param>
/// <param name="Checkpoints">Outbound checkpoints waiting in the outbox.</param>
/// <param name="Deferred">Downloads waiting for their file to be closed.</param>
/// <param name="Conflicts">Downloads waiting for the user to choose Overwrite or Skip.</param>
/// <param name="LastSyncAt">When the last sync diff was applied; null before the first.</param>
/// <param name="PushConflicts">Outbound checkpoints refused as stale, waiting for Overwrite theirs, Keep as a copy or Discard mine.</param>
public sealed record SyncStatus(
    int Pending, int Checkpoints, int Deferred, int Conflicts, ConnectionState Connection, DateTimeOffset? LastSyncAt, int PushConflicts = 0)
{
    public static SyncStatus Initial { get; } = new(0, 0, 0, 0, ConnectionState.Offline, null);
}
