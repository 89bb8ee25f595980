using SiloMod.Core.Host;

namespace SiloMod.Core.Checkpoints;

/// <summary>Outbound checkpoints: recorded durably, pushed in the background, retried until the server takes them.</summary>
public interface ICheckpointOutbox
{
    /// <summary>Returns once the checkpoint is safe on disk (it survives the process); the push happens later.</summary>
    Task EnqueueAsync(CheckpointSubmission submission, CancellationToken ct = default);

    /// <summary>Checkpoints not yet on the server.</summary>
    int PendingCount { get; }

    /// <summary>Checkpoints the server refused as stale, waiting for the user's choice.</summary>
    int ConflictCount { get; }

    /// <summary>Try every waiting checkpoint now (after a reconnect) instead of at the next retry.</summary>
    void Nudge();
}
