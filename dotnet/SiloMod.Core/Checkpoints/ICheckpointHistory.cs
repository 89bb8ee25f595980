namespace SiloMod.Core.Checkpoints;

/// <summary>What this workstation last sent (or is sending) for each item, so an exit can tell whether the file changed since.</summary>
public interface ICheckpointHistory
{
    /// <summary>
    /// The newest checkpoint of the item: the last one still waiting in the outbox, else the last
    /// one pushed (remembered across restarts); null when there was none.
    /// </summary>
    RecordedCheckpoint? LatestFor(string partNumber);
}
