using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Bridge;

/// <summary>
/// Editing contexts: the host reports what FreeCAD shows and carries out the answers. One
/// <see cref="ContextEngine"/> serves the facade's whole life, as FreeCAD's documents outlive a
/// stop and a new start of the core; each move it finds is asked of the core running then.
/// </summary>
public sealed partial class WorkbenchFacade : IContextGate, IContextActions
{
    private ContextEngine? _contextEngine;
    private ContextFollower? _contextFollower;

    private ContextEngine Contexts => LazyInitializer.EnsureInitialized(ref _contextEngine, () => new ContextEngine(this));

    private ContextFollower Follower => LazyInitializer.EnsureInitialized(ref _contextFollower, () => new ContextFollower(Contexts, this, _shutdown.Token));

    /// <summary>The host's adapter to FreeCAD; with <paramref name="followsKindred"/> Kindred Create's hooks say when the context changes.</summary>
    public void AttachContextHost(IContextHost host, bool followsKindred) => Follower.Attach(host, followsKindred);

    /// <summary>FreeCAD or Kindred signalled a change of the editing state of <paramref name="document"/>: the core reads it and acts through the host.</summary>
    public void FollowContext(string document) => Follower.Follow(document);

    /// <summary>The poll tick on the active document: unsaved changes noted, and a change FreeCAD raised no signal for followed.</summary>
    public void ContextPolled(string document) => Follower.Polled(document);

    /// <summary>The document was saved or opened: whether it shows unmodified now.</summary>
    public void DocumentSettled(string document) => Follower.NoteClean(document);

    /// <summary>A signal of the core the host received on its GUI thread (a file replaced, a context to leave for a handoff).</summary>
    public void ContextSignal(SiloModSignal signal) => Follower.OnSignal(signal);

    /// <summary>The document had no unsaved changes before the current edit began.</summary>
    public bool WasUnmodified(string document) => Follower.WasUnmodified(document);

    /// <summary>The contexts entered in a document, outermost first.</summary>
    public IReadOnlyList<EditingContext> EnteredContexts(string document) => Contexts.EnteredIn(document);

    public void DocumentClosed(string document)
    {
        if (_contextFollower is { } follower) follower.Forget(document);
        else Contexts.Forget(document);
    }

    /// <summary>The words of the "Editing Blocked" dialog for a <see cref="ShowBlocked"/> the host was given.</summary>
    public BlockedPrompt BlockedPrompt(ShowBlocked blocked) => SiloMod.Core.EditSessions.BlockedPrompt.For(blocked, _clock.LocalTimeZone);

    void IContextActions.EditAnyway(string partNumber) => EditAnyway(partNumber);

    DocumentReplaced IContextActions.UpdateDocument(string partNumber, string filePath) => UpdateDocument(partNumber, filePath);

    void IContextActions.RequestHandoff(string partNumber, string sessionId) => RequestHandoff(partNumber, sessionId);

    Task<ContextDecision> IContextGate.ContextChangedAsync(ContextChange change, CancellationToken ct) => Core.ContextChangedAsync(change, ct);

    Task IContextGate.SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct)
    {
        // The host's thread is FreeCAD's GUI thread: the copy of a large file must not hold it.
        Core.HandOverCheckpoint(submission);
        return Task.CompletedTask;
    }
}
