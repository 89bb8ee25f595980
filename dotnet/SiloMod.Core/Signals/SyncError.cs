namespace SiloMod.Core.Signals;

/// <summary>Something failed in the background; <paramref name="PartNumber"/> is null when no single item is concerned.</summary>
public sealed record SyncError(string? PartNumber, string Message) : SiloModSignal
{
    public override string Kind => "sync_error";
}
