using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// Follows FreeCAD's editing state for the <see cref="ContextEngine"/>: reads the facts from the
/// <see cref="IContextHost"/> when the host says something changed, carries out the engine's
/// commands through it, and reads again until FreeCAD shows what the engine entered. It also keeps
/// what the host would otherwise have to remember: which documents are being followed (FreeCAD's
/// signals raised by carrying out an answer are covered by the report running), what the poll saw
/// last, when a document was last shown unmodified, and how a prompt's answer goes on.
/// </summary>
/// <remarks>
/// Runs on the host's GUI thread, as FreeCAD's edit mode can only be changed there: it waits for
/// the engine rather than continuing elsewhere. Only <see cref="Attach"/> makes it follow anything.
/// </remarks>
public sealed class ContextFollower(ContextEngine engine, IContextActions actions, CancellationToken ct = default)
{
    /// <summary>A document whose state still changes after this many rounds is left as it is until the next change, rather than looping inside a FreeCAD signal.</summary>
    public const int MaxRounds = 4;

    /// <summary>How long after FreeCAD left an assembly's edit mode the facts are read again: ending a nested edit can process events before FreeCAD enters the assembly again.</summary>
    public const int AssemblySettleMilliseconds = 250;

    private readonly HashSet<string> _following = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? InEdit, string? ActiveBody)> _seen = new(StringComparer.Ordinal);
    // The undo count when FreeCAD last showed the document unmodified (no entry: modified).
    private readonly Dictionary<string, int> _clean = new(StringComparer.Ordinal);
    private IContextHost? _host;
    private bool _followsKindred;

    /// <summary>
    /// The host to read and act through. With <paramref name="followsKindred"/> Kindred Create's
    /// hooks say when the context changes, so the poll only notes unsaved changes.
    /// </summary>
    public void Attach(IContextHost host, bool followsKindred)
    {
        ArgumentNullException.ThrowIfNull(host);
        (_host, _followsKindred) = (host, followsKindred);
    }

    /// <summary>FreeCAD (or Kindred) signalled a change in <paramref name="document"/>: reports it and carries out the answer.</summary>
    public void Follow(string document) => Follow(document, settled: false);

    /// <summary>The poll tick, or a save or open: notes whether the document shows unmodified, and follows a change FreeCAD raised no signal for (the active body).</summary>
    public void Polled(string document)
    {
        if (NoteClean(document) is not { } glance) return;
        if (!_followsKindred && (!_seen.TryGetValue(document, out var seen) || seen != (glance.InEdit, glance.ActiveBody)))
            Follow(document);
    }

    /// <summary>Notes whether FreeCAD shows the document unmodified now (after a save, an open or a reload); returns what it read.</summary>
    public ContextGlance? NoteClean(string document)
    {
        if (_host?.Glance(document) is not { } glance) return null;
        if (glance.GuiModified == false) _clean[document] = glance.UndoCount;
        else _clean.Remove(document);
        return glance;
    }

    /// <summary>
    /// No unsaved change before the current edit began: FreeCAD showed the document unmodified, and
    /// no change was made since (entering an edit adds nothing to the undo stack).
    /// </summary>
    public bool WasUnmodified(string document) =>
        _clean.TryGetValue(document, out var count) && _host?.Glance(document) is { } glance && glance.UndoCount == count;

    /// <summary>Leaves the context of <paramref name="objectId"/> and every context inside it (Release Now, Cancel), then reports what FreeCAD shows.</summary>
    public void Leave(string document, string objectId)
    {
        if (_host is not { } host) return;
        // FreeCAD's signals meanwhile: the report below covers them.
        _following.Add(document);
        try
        {
            CarryOut(host, document, engine.Leave(document, objectId), clean: false);
        }
        finally
        {
            _following.Remove(document);
        }
        Follow(document);
    }

    /// <summary>A signal of the core, on the GUI thread: a file replaced under an open document, or a context to leave for a handoff.</summary>
    public void OnSignal(SiloModSignal signal)
    {
        if (_host is not { } host) return;
        switch (signal)
        {
            case DocumentReplaced replaced:
                var open = host.FindDocument(replaced.Path, null);
                var commands = engine.FileReplaced(replaced, open is null ? null : host.Read(open));
                if (open is not null) CarryOut(host, open, commands, clean: false);
                break;
            case LeaveContextRequested leave:
                if (host.FindDocument(null, leave.PartNumber) is { } document) Leave(document, leave.ObjectId);
                else host.Show(ContextMessage.Error, $"SiloMod was asked to leave {leave.ObjectId} of {leave.PartNumber}, but no open document is that item.");
                break;
        }
    }

    /// <summary>The document was closed: nothing of it is followed any more.</summary>
    public void Forget(string document)
    {
        _seen.Remove(document);
        _clean.Remove(document);
        engine.Forget(document);
    }

    private void Follow(string document, bool settled)
    {
        if (_host is not { } host || !_following.Add(document)) return;
        try
        {
            var clean = WasUnmodified(document);
            for (var round = 0; round < MaxRounds; round++)
            {
                if (host.Read(document) is not { } facts) return;
                _seen[document] = (facts.InEdit?.Name, facts.ActiveBody?.Name);
                var commands = engine.ObserveAsync(facts with { Settled = settled }, ct).GetAwaiter().GetResult();
                settled = false;
                if (!CarryOut(host, document, commands, clean)) return;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Show(ContextMessage.Error, $"SiloMod could not report the editing context of {document}: {e.Message}");
        }
        finally
        {
            _following.Remove(document);
        }
    }

    /// <summary>Performs the engine's commands in order; true when FreeCAD's editing state was changed.</summary>
    /// <param name="clean">The document had no unsaved changes before the attempt: being blocked must leave it so.</param>
    private bool CarryOut(IContextHost host, string document, IReadOnlyList<ContextCommand> commands, bool clean)
    {
        var changed = false;
        foreach (var command in commands)
        {
            switch (command)
            {
                case ResetEdit reset:
                    changed |= host.ResetEdit(document, reset.ObjectName);
                    break;
                case DeactivateBody body:
                    changed |= host.DeactivateBody(document, body.BodyName);
                    break;
                case ShowWarning warning:
                    host.Show(ContextMessage.Warning, warning.Message);
                    break;
                // Never a dialog, a save or a reopened document inside FreeCAD's edit signal: the edit is still being torn down.
                case ShowBlocked blocked:
                    Later(host, "showing who holds " + blocked.ObjectId, () => Blocked(host, document, blocked, clean));
                    break;
                case SaveForCheckpoint save:
                    Later(host, "pushing a checkpoint of " + document, () => HandOver(host, document, save));
                    break;
                case AskStale stale:
                    Later(host, "acting on the newer version of " + stale.PartNumber, () => AnswerStale(host, document, stale));
                    break;
                case SettleAssembly:
                    // Twice deferred: FreeCAD queues entering the assembly again behind the signal that left it.
                    Later(host, "leaving an assembly", () => Later(host, "leaving an assembly", () => Follow(document, settled: true), AssemblySettleMilliseconds));
                    break;
                case Reload:
                    NoteClean(host.Reload(document));
                    break;
            }
        }
        return changed;
    }

    private void Blocked(IContextHost host, string document, ShowBlocked blocked, bool clean)
    {
        if (clean && host.Glance(document) is not null) host.RestoreSavedState(document);
        if (!host.ShowBlocked(blocked)) return;
        if (blocked.Holder is not { SessionId: { Length: > 0 } sessionId })
        {
            host.Show(ContextMessage.Error, $"{blocked.PartNumber} is checked out by {blocked.Holder?.User ?? "another user"}; " +
                "a check-out lock has no edit session to hand over.");
            return;
        }
        actions.RequestHandoff(blocked.PartNumber, sessionId);
    }

    private void HandOver(IContextHost host, string document, SaveForCheckpoint save)
    {
        if (host.Save(document, save.SaveFirst) is not { } saved)
        {
            host.Show(ContextMessage.Error, $"SiloMod could not push a checkpoint: the document {document} was closed.");
            return;
        }
        engine.CheckpointSavedAsync(new SavedCheckpoint(save.Ticket, saved.FilePath, saved.Dag), ct).GetAwaiter().GetResult();
    }

    private void AnswerStale(IContextHost host, string document, AskStale stale)
    {
        if (host.Read(document) is null) return;
        var choice = host.AskStale(stale.Notice);
        if (choice == StaleChoice.EditAnyway)
        {
            actions.EditAnyway(stale.PartNumber);
            return;
        }
        // Cancel and Update leave first: the core releases the session and pushes nothing.
        Leave(document, stale.Context.ObjectId ?? "");
        if (choice == StaleChoice.Update) Update(host, document, stale.Context);
    }

    /// <summary>Brings the document's file to its item's head, reopens it, and enters <paramref name="context"/> again.</summary>
    private void Update(IContextHost host, string document, EditingContext context)
    {
        if (host.Read(document) is not { PartNumber: { } partNumber, FilePath: { } path } facts) return;
        if (facts.Modified)
        {
            host.Show(ContextMessage.Information, $"{document} has unsaved changes. Save or undo them, then choose Update again: " +
                "reopening the document would lose them.");
            return;
        }
        actions.UpdateDocument(partNumber, path);
        var reopened = host.Reload(document);
        NoteClean(reopened);
        if (context.Type is null || context.ObjectId is null) return;
        host.Enter(reopened, context);
        // Activating a body raises no FreeCAD signal: look at once.
        if (context.Type == ContextTypes.PartDesign) Follow(reopened);
    }

    private void Later(IContextHost host, string what, Action action, int delayMilliseconds = 0) =>
        host.Defer(() =>
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                host.Show(ContextMessage.Error, $"SiloMod failed while {what}: {e.Message}");
            }
        }, delayMilliseconds);
}
