using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Bridge;

/// <summary>
/// Editing contexts: the host reports what FreeCAD shows and carries out the answers. One
/// <see cref="ContextEngine"/> serves the facade's whole life, as FreeCAD's documents outlive a
/// stop and a new start of the core; each move it finds is asked of the core running then.
/// </summary>
public sealed partial class WorkbenchFacade : IContextGate
{
    private ContextEngine? _contextEngine;

    private ContextEngine Contexts => LazyInitializer.EnsureInitialized(ref _contextEngine, () => new ContextEngine(this));

    /// <summary>FreeCAD's state of one document now; answers what the host must do, in order.</summary>
    public IReadOnlyList<ContextCommand> ContextObserved(ContextFacts facts) => Wait(Contexts.ObserveAsync(facts, _shutdown.Token));

    /// <summary>
    /// The file and DAG a <see cref="SaveForCheckpoint"/> asked for. Returns at once: the core copies
    /// the file into the outbox in the background (<see cref="IHostProtocol.HandOverCheckpoint"/>).
    /// </summary>
    public void CheckpointSaved(SavedCheckpoint saved) => Wait(Contexts.CheckpointSavedAsync(saved, _shutdown.Token));

    /// <summary>What to undo in FreeCAD to leave <paramref name="objectId"/>'s context and those inside it (Release Now, Cancel).</summary>
    public IReadOnlyList<ContextCommand> LeaveContext(string document, string objectId) => Contexts.Leave(document, objectId);

    /// <summary>The contexts entered in a document, outermost first.</summary>
    public IReadOnlyList<EditingContext> EnteredContexts(string document) => Contexts.EnteredIn(document);

    public void DocumentClosed(string document) => Contexts.Forget(document);

    /// <summary>The core replaced a file (a <see cref="DocumentReplaced"/> signal): what to do with <paramref name="open"/>, the document open on it (null when none is).</summary>
    public IReadOnlyList<ContextCommand> FileReplaced(DocumentReplaced replaced, ContextFacts? open) => Contexts.FileReplaced(replaced, open);

    Task<ContextDecision> IContextGate.ContextChangedAsync(ContextChange change, CancellationToken ct) => Core.ContextChangedAsync(change, ct);

    Task IContextGate.SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct)
    {
        // The host's thread is FreeCAD's GUI thread: the copy of a large file must not hold it.
        Core.HandOverCheckpoint(submission);
        return Task.CompletedTask;
    }
}
