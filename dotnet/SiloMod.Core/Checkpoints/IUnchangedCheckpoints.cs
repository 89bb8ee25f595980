using SiloMod.Core.Host;

namespace SiloMod.Core.Checkpoints;

/// <summary>Settles a hand-over marked <see cref="CheckpointSubmission.OnlyIfChanged"/> before it reaches the outbox.</summary>
public interface IUnchangedCheckpoints
{
    /// <summary>True when the file needs no checkpoint (nothing changed since it was last sent or downloaded) and the exit's session was released instead.</summary>
    Task<bool> ReleaseIfUnchangedAsync(CheckpointSubmission submission, CancellationToken ct);
}
