using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// What the <see cref="ContextEngine"/> asks at each single-level move it finds, and where it hands
/// a saved checkpoint: the workbench core (its <see cref="ContextSyncHook"/> and outbox) in the
/// product, a recording double in the host's own tests.
/// </summary>
public interface IContextGate
{
    /// <summary>The user moved between editing contexts. Entry may take up to the acquire budget (≈1.5 s) when the server is slow.</summary>
    Task<ContextDecision> ContextChangedAsync(ContextChange change, CancellationToken ct = default);

    /// <summary>The host saved the document and extracted its DAG after an <see cref="ExitAction.Checkpoint"/>.</summary>
    Task SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct = default);
}
