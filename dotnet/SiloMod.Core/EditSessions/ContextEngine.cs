using System.Collections.Concurrent;
using SiloMod.Core.Contexts;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// The one place that decides what FreeCAD's editing state means. The host reports raw facts of a
/// document (<see cref="ContextFacts"/>); the engine keeps the stack of contexts entered in it,
/// finds every difference with what FreeCAD shows now, asks the <see cref="IContextGate"/> about
/// each move one level at a time (the contexts left, innermost first, then the ones entered,
/// outermost first), and answers the <see cref="ContextCommand"/>s the host carries out.
/// </summary>
/// <remarks>
/// A refused entry is never pushed on the stack, so the host backing out of it is no exit; while
/// FreeCAD still shows it, it is not asked about again. Calls are taken one at a time.
/// </remarks>
public sealed class ContextEngine(IContextGate gate) : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Dictionary<string, DocumentContexts> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CheckpointSubmission> _waitingForSave = new(StringComparer.Ordinal);
    // Replacements the host made itself (Update): reported by the core too, they are no news.
    private readonly HashSet<DocumentReplaced> _replacedByHost = [];

    /// <summary>Follows FreeCAD's state of one document; answers what the host must do, in order.</summary>
    public async Task<IReadOnlyList<ContextCommand>> ObserveAsync(ContextFacts facts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        facts = DocumentCones.Fill(facts);
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var state = StateOf(facts.Document);
            state.Last = facts;
            var commands = new List<ContextCommand>();
            var (wanted, settle) = state.Want(facts);
            if (settle) commands.Add(new SettleAssembly());
            // A refused context FreeCAD no longer shows was backed out of: its next entry is asked again.
            state.Refused.RemoveAll(r => !wanted.Any(w => TransitionClassifier.SameObject(w, r)));
            wanted.RemoveAll(w => state.Refused.Any(r => TransitionClassifier.SameObject(w, r)));

            var document = new TrackedDocument(facts.PartNumber, facts.FilePath, facts.Modified);
            var kept = state.SharedPrefix(wanted);
            var entering = wanted.Skip(kept).ToList();
            EditingContext? sidewaysFrom = null;
            while (state.Entered.Count > kept)
            {
                var left = state.Entered[^1];
                state.Entered.RemoveAt(state.Entered.Count - 1);
                // Sketch A to sketch B in the same body: one move, which closes A and enters B,
                // rather than a round trip through the body.
                if (state.Entered.Count == kept && entering.Count > 0 && ContextDepth.Of(left) == ContextDepth.Of(entering[0]))
                {
                    sidewaysFrom = left;
                    break;
                }
                Exit(await AskAsync(left, state.Current, document, commands, ct).ConfigureAwait(false), facts.PartNumber, commands);
            }
            foreach (var context in entering)
            {
                var decision = await AskAsync(sidewaysFrom ?? state.Current, context, document, commands, ct).ConfigureAwait(false);
                sidewaysFrom = null;
                Exit(decision, facts.PartNumber, commands);
                if (decision.Entry is { Verdict: EntryVerdict.Block } block)
                {
                    state.Refused.Add(context);
                    commands.InsertRange(0, BackOut(context, facts));
                    commands.Add(new ShowBlocked(facts.PartNumber!, context.ObjectId ?? "", block.Holder, block.Message ?? ""));
                    break;
                }
                state.Entered.Add(context);
                Entered(decision.Entry, facts.PartNumber, context, commands);
            }
            return commands;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The host has the file and DAG a <see cref="SaveForCheckpoint"/> asked for: the checkpoint goes to the outbox (or, unchanged, only releases).</summary>
    public async Task CheckpointSavedAsync(SavedCheckpoint saved, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(saved);
        if (!_waitingForSave.TryRemove(saved.Ticket, out var waiting))
            throw new ArgumentException($"No checkpoint waits for a save under ticket '{saved.Ticket}': it was handed over already, or never asked for.", nameof(saved));
        await gate.SubmitCheckpointAsync(waiting with { FilePath = saved.FilePath, Dag = saved.Dag }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaving the context of <paramref name="objectId"/> and every context inside it, on request
    /// (Release Now, or Cancel on the newer-version prompt): what the host must undo in FreeCAD,
    /// innermost first. The host then reports the facts, and the exits follow from them.
    /// </summary>
    public IReadOnlyList<ContextCommand> Leave(string document, string objectId)
    {
        _turn.Wait();
        try
        {
            if (!_documents.TryGetValue(document, out var state)) return [];
            var from = state.Entered.FindIndex(c => c.ObjectId == objectId);
            if (from < 0) return [];
            var leaving = state.Entered[from..];
            state.ReleaseHeld = leaving.Any(c => c.Type == ContextTypes.Assembly);
            var commands = new List<ContextCommand>();
            foreach (var context in Enumerable.Reverse(leaving))
            {
                // Ending a sketch's edit inside an assembly puts FreeCAD 1.x back into the
                // assembly's edit mode: that edit is ended by name, whatever the last facts said.
                if (context.Type is ContextTypes.Sketcher or ContextTypes.Assembly) commands.Add(new ResetEdit(context.ObjectId!));
                else commands.AddRange(BackOut(context, state.Last));
            }
            return commands;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// The host brought a file to its item's head itself (the freshness prompt's Update) and
    /// reopens the document: the core's report of that replacement is no news.
    /// </summary>
    public void ReplacedByHost(DocumentReplaced replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        lock (_replacedByHost) _replacedByHost.Add(replaced);
    }

    /// <summary>
    /// The core replaced a file (a download, an Update): what the host does with the document open
    /// on it, <paramref name="open"/> (null when none is). A document with unsaved changes is never
    /// reopened, since that would drop them: the user is told how to get the new file instead.
    /// </summary>
    public IReadOnlyList<ContextCommand> FileReplaced(DocumentReplaced replaced, ContextFacts? open)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        lock (_replacedByHost)
            if (_replacedByHost.Remove(replaced)) return [];
        if (open is null) return [];
        if (!open.Modified) return [new Reload(open.Document)];
        return [new ShowWarning(replaced.PartNumber, $"{replaced.Path} now holds {replaced.Version}, but {open.Document} has unsaved changes: " +
            "close it without saving, or save it as another file, then open it again.")];
    }

    /// <summary>The contexts entered in a document, outermost first.</summary>
    public IReadOnlyList<EditingContext> EnteredIn(string document)
    {
        _turn.Wait();
        try
        {
            return _documents.TryGetValue(document, out var state) ? [.. state.Entered] : [];
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The document was closed: nothing of it is followed any more.</summary>
    public void Forget(string document)
    {
        _turn.Wait();
        try
        {
            _documents.Remove(document);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    private DocumentContexts StateOf(string document)
    {
        if (!_documents.TryGetValue(document, out var state)) _documents[document] = state = new DocumentContexts();
        return state;
    }

    private async Task<ContextDecision> AskAsync(EditingContext from, EditingContext to, TrackedDocument document, List<ContextCommand> commands,
        CancellationToken ct)
    {
        // An untracked document is followed, never gated.
        if (document.PartNumber is null) return ContextDecision.Ignored;
        try
        {
            return await gate.ContextChangedAsync(new ContextChange(from, to, document), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The gate never fails for a server; anything else must not stop FreeCAD following the user.
            commands.Add(new ShowWarning(document.PartNumber, $"SiloMod could not report the change from {Describe(from)} to {Describe(to)}: {e.Message}"));
            return ContextDecision.Ignored;
        }
    }

    private void Exit(ContextDecision decision, string? partNumber, List<ContextCommand> commands)
    {
        if (decision.Exit is not { HandsOver: true } exit || partNumber is null) return;
        var ticket = Guid.NewGuid().ToString("N");
        _waitingForSave[ticket] = exit.Submission(partNumber, "", dag: null);
        commands.Add(new SaveForCheckpoint(ticket, SaveFirst: exit.Action == ExitAction.Checkpoint));
    }

    private static void Entered(EntryDecision? entry, string? partNumber, EditingContext context, List<ContextCommand> commands)
    {
        if (entry is null || partNumber is null) return;
        if (entry.Verdict is EntryVerdict.AllowWithWarning or EntryVerdict.AllowOffline && entry.Message is { } message)
            commands.Add(new ShowWarning(partNumber, message));
        if (entry.Stale is { } stale) commands.Add(new AskStale(partNumber, context, stale));
    }

    /// <summary>Undoes in FreeCAD what made <paramref name="context"/> wanted: the body's activation, the edit mode of the object in it.</summary>
    private static IEnumerable<ContextCommand> BackOut(EditingContext context, ContextFacts? facts)
    {
        if (context.Type == ContextTypes.PartDesign && facts?.ActiveBody?.Name == context.ObjectId)
            yield return new DeactivateBody(context.ObjectId!);
        if (facts?.InEdit is { } edited && EditedObjectContext.Of(edited) is { } editing && TransitionClassifier.SameObject(editing, context))
            yield return new ResetEdit(edited.Name);
    }

    private static string Describe(EditingContext context) => context.Type is null ? "the document" : $"{context.Type} {context.ObjectId}";
}
