namespace SiloMod.Core.Signals;

/// <summary>A checkpoint reached the server.</summary>
public sealed record CheckpointPushed(string PartNumber, string Context, int SubscribersNotified, string CheckpointId, string FileHash) : SiloModSignal
{
    public override string Kind => "checkpoint_pushed";
}

/// <summary>A checkpoint could not be pushed now; it waits in the outbox and is retried.</summary>
public sealed record CheckpointQueued(string PartNumber, string Context, string Reason) : SiloModSignal
{
    public override string Kind => "checkpoint_queued";
}
