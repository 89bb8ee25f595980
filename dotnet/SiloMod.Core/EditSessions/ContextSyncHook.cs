using System.Collections.Concurrent;
using Silo.Client;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using SiloMod.Core.Contexts;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Messages;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// The entry and exit gate: answers each context change the host reports. Entering a deeper
/// context acquires an edit session for it, and tells the user when the document is behind the
/// item's head; leaving one decides between a checkpoint (which the host saves and submits), a
/// plain release, or nothing.
/// </summary>
public sealed class ContextSyncHook
{
    private readonly ISiloClient _client;
    private readonly ISettingsSource _settings;
    private readonly ActiveSessions _sessions;
    private readonly SignalHub _signals;
    private readonly ContextSyncHookOptions _options;
    private readonly TimeProvider _time;
    private readonly SessionReleaser _releaser;
    private readonly FileLineage _lineage;
    private readonly FreshnessCheck _freshness;
    private readonly OpenContexts _open = new();

    // The head version the user chose to edit anyway, per item: the prompt is not shown again for it.
    private readonly ConcurrentDictionary<string, long> _editAnyway = new(StringComparer.Ordinal);

    // Objects named by blocking holders, by their session id, for the default handoff message.
    private readonly ConcurrentDictionary<string, string> _blockedObjects = new(StringComparer.Ordinal);

    // Blocking holders by their session id, so a sent handoff request can name who was asked.
    private readonly ConcurrentDictionary<string, EditSessionHolder> _blockedHolders = new(StringComparer.Ordinal);

    /// <param name="lineage">What each document was derived from, to tell a stale one at entry.</param>
    public ContextSyncHook(
        ISiloClient client, ISettingsSource settings, ActiveSessions sessions, FileLineage lineage, SignalHub signals,
        ContextSyncHookOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _settings = settings;
        _sessions = sessions;
        _signals = signals;
        _options = options;
        _time = time ?? TimeProvider.System;
        _releaser = new SessionReleaser(client, signals, _time, () => options.ReleaseBudget);
        _lineage = lineage;
        _freshness = new FreshnessCheck(client, lineage, _time);
    }

    /// <summary>
    /// Decides a context change. A move deeper is an entry; shallower an exit; sideways (same
    /// depth, another object: sketch A to sketch B) both: the exit of the old context and the entry
    /// of the new. Never throws for a server failure; only the host's own cancellation ends it early.
    /// </summary>
    public async Task<ContextDecision> OnContextChangedAsync(ContextChange change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Document.PartNumber is not { } partNumber) return ContextDecision.Ignored;
        var (oldContext, newContext) = (change.Old, change.New);
        if (TransitionClassifier.SameObject(oldContext, newContext)) return ContextDecision.Ignored;

        var oldDepth = ContextDepth.Of(oldContext);
        var newDepth = ContextDepth.Of(newContext);
        var closed = _open.CloseFor(partNumber, newContext);

        ExitDecision? exit = null;
        // Left before answering the freshness prompt (Cancel, or Update backing out first): nothing was edited.
        if (closed.FirstOrDefault(c => c.AwaitingAnswer is not null && TransitionClassifier.SameObject(c.Context, oldContext)) is { } unanswered)
        {
            if (unanswered.Session is { } held && _sessions.Remove(held.Key) is not null)
                await _releaser.ReleaseAsync(partNumber, held.SessionId, ct).ConfigureAwait(false);
            exit = new ExitDecision(ExitAction.ReleaseOnly, SessionId: unanswered.Session?.SessionId);
        }
        // A refused entry never comes back here as the old context: the ContextEngine never entered it.
        else if (TransitionClassifier.Classify(oldContext, newContext) is { } checkpointContext)
            exit = await ExitAsync(partNumber, oldContext, checkpointContext, change.Document, ct).ConfigureAwait(false);

        // A jump out of several levels (sketch straight to the document) closes the body too: its
        // session is released directly, while the checkpoint carries the session of the context left.
        foreach (var other in closed.Where(c => c.Session is not null && !TransitionClassifier.SameObject(c.Context, oldContext)))
            if (_sessions.Remove(other.Session!.Key) is { } session)
                await _releaser.ReleaseAsync(partNumber, session.SessionId, ct).ConfigureAwait(false);

        EntryDecision? entry = null;
        if (newDepth > ContextDepth.Document && !_open.IsOpen(partNumber, newContext))
        {
            if (newDepth >= oldDepth)
            {
                var (decision, opened) = await EnterAsync(partNumber, newContext, change.Document, ct).ConfigureAwait(false);
                entry = decision;
                if (opened is not null) _open.Open(partNumber, opened);
            }
            else
            {
                // Back out to a context never seen entered (a sketch opened straight from the
                // document, then closed to its body): the user returns there rather than asking
                // for it, so it is followed but not gated.
                _open.Open(partNumber, new OpenContext(newContext, newDepth, Session: null, Offline: false));
            }
        }
        return new ContextDecision(entry, exit);
    }

    /// <summary>
    /// Answers a handoff request: a session whose context is still open asks the host to leave it
    /// (<see cref="LeaveContextRequested"/>), and that exit pushes a checkpoint if the document
    /// changed and releases; a session no longer in an open context is released now.
    /// </summary>
    public async Task ReleaseNowAsync(string sessionId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var open = _open.FindBySessionId(sessionId);
        if (open?.Session is { } held)
        {
            _signals.Publish(new LeaveContextRequested(held.PartNumber, held.ObjectId, held.SessionId));
            return;
        }
        if (_sessions.FindBySessionId(sessionId) is not { } session)
        {
            _signals.Publish(new SyncError(null, $"Edit session {sessionId} is not held by this workstation; there is nothing to release."));
            return;
        }
        _sessions.RemoveBySessionId(sessionId);
        await _releaser.ReleaseAsync(session.PartNumber, sessionId, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The user answered the freshness prompt with Edit anyway: the open contexts of the item are
    /// edits like any other, and the prompt is not shown again for the same head. The exit's push
    /// will be refused as stale, and the user's file kept.
    /// </summary>
    public void EditAnyway(string partNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(partNumber);
        foreach (var notice in _open.Answer(partNumber)) _editAnyway[partNumber] = notice.Head.Version;
    }

    /// <summary>Asks the holder of a blocking session to let go; a failure is shown as a <see cref="SyncError"/>, never thrown.</summary>
    /// <param name="message">Null sends "{user} would like to edit {object}".</param>
    public async Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partNumber);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        message ??= $"{_options.UserName} would like to edit {_blockedObjects.GetValueOrDefault(sessionId) ?? partNumber}";
        try
        {
            await _client.RequestHandoffAsync(partNumber, sessionId, message, ct).ConfigureAwait(false);
            _blockedHolders.TryGetValue(sessionId, out var holder);
            _signals.Publish(new HandoffSent(partNumber, sessionId, holder?.User ?? "the other user", holder?.ObjectId));
        }
        catch (NotFoundException)
        {
            _signals.Publish(new SyncError(partNumber, "That edit session has already ended: try entering again."));
        }
        catch (SiloApiException e)
        {
            _signals.Publish(new SyncError(partNumber, $"The handoff request could not be sent: {ServerWords.Describe(e)}"));
        }
    }

    private async Task<(EntryDecision Decision, OpenContext? Opened)> EnterAsync(string partNumber, EditingContext context, TrackedDocument document,
        CancellationToken ct)
    {
        var depth = ContextDepth.Of(context);
        var level = ContextLevelMap.LevelOf(context.Type);
        var objectId = context.ObjectId;
        // Nothing to name to the server (a host that reported no object): entering is not gated.
        if (level is null || string.IsNullOrEmpty(objectId) || !_settings.Current.EditLockingEnabled)
            return (new EntryDecision(EntryVerdict.Allow), new OpenContext(context, depth, Session: null, Offline: false));

        if (_options.WorkstationId is not { Length: > 0 } workstationId)
            return Offline(partNumber, context, depth, "this workstation is not registered with the server yet");

        try
        {
            var result = await _client.AcquireEditSessionAsync(partNumber, workstationId, level, objectId, context.DependencyCone, ct)
                .ConfigureAwait(false);
            var session = new ActiveSession(partNumber, level, objectId, result.SessionId, result.AcquiredAt);
            _sessions.Add(session);
            var stale = result.Head is { } head && _editAnyway.GetValueOrDefault(partNumber) != head.Version
                ? await _freshness.CheckAsync(partNumber, document, head, ct).ConfigureAwait(false)
                : null;
            var opened = new OpenContext(context, depth, session, Offline: false, stale);
            if (result.Interference != InterferenceLevels.Soft || result.Conflicts.Count == 0)
                return (new EntryDecision(EntryVerdict.Allow, result.SessionId, Stale: stale), opened);

            foreach (var conflict in result.Conflicts)
                _signals.Publish(new SoftInterference(partNumber, conflict.User, conflict.ObjectId, conflict.SharedNodes));
            var message = string.Join(Environment.NewLine, result.Conflicts.Select(c =>
                $"{c.User} is editing {c.ObjectId} — shares downstream features: {string.Join(", ", c.SharedNodes.Take(3))}"));
            return (new EntryDecision(EntryVerdict.AllowWithWarning, result.SessionId, Conflicts: result.Conflicts, Message: message, Stale: stale), opened);
        }
        catch (HardInterferenceException e)
        {
            var holder = e.Holder;
            if (holder?.SessionId is { } holderSession)
            {
                _blockedObjects[holderSession] = holder.ObjectId;
                _blockedHolders[holderSession] = holder;
            }
            _signals.Publish(new HardInterferenceBlocked(partNumber, holder?.User ?? "another user", holder?.ObjectId ?? objectId,
                holder?.AcquiredAt ?? _time.GetUtcNow(), holder?.SessionId, holder?.Workstation));
            var message = holder is null
                ? $"Another user is editing {objectId}."
                : $"{holder.User} is currently editing {holder.ObjectId}" + (holder.Workstation is { } ws ? $" on {ws}." : ".");
            return (new EntryDecision(EntryVerdict.Block, Holder: holder, Message: message), null);
        }
        catch (UnavailableException e)
        {
            return Offline(partNumber, context, depth, ServerWords.Describe(e));
        }
        catch (SiloApiException e)
        {
            // A refusal that is not interference (unknown item, no edit right, a rejected token)
            // must not keep the user out of their own file: entry is allowed as if offline, the
            // exit still pushes (and that push may be refused too, keeping a copy), and the
            // refusal is shown as a SyncError rather than as the "server away" warning.
            _signals.Publish(new SyncError(partNumber, $"The server refused an edit session on {objectId}: {e.Message}. Editing without one."));
            return (new EntryDecision(EntryVerdict.AllowOffline, Message: $"Editing {objectId} without an edit session: {e.Message}"),
                new OpenContext(context, depth, Session: null, Offline: true));
        }
    }

    private (EntryDecision, OpenContext) Offline(string partNumber, EditingContext context, int depth, string reason)
    {
        var objectId = context.ObjectId ?? "";
        _signals.Publish(new OfflineEditing(partNumber, objectId, reason));
        return (new EntryDecision(EntryVerdict.AllowOffline,
                Message: $"{reason.TrimEnd('.')}: you can edit {objectId}, but nobody else is kept out of it until the server is back."),
            new OpenContext(context, depth, Session: null, Offline: true));
    }

    private async Task<ExitDecision> ExitAsync(string partNumber, EditingContext left, string checkpointContext, TrackedDocument document, CancellationToken ct)
    {
        var level = ContextLevelMap.LevelOf(left.Type);
        var session = level is not null && left.ObjectId is { } objectId
            ? _sessions.Remove(ActiveSession.SessionKey(partNumber, level, objectId))
            : null;
        var sessionId = session?.SessionId;

        if (!_settings.Current.PushOnContextClose)
        {
            if (sessionId is null) return ExitDecision.Nothing;
            await _releaser.ReleaseAsync(partNumber, sessionId, ct).ConfigureAwait(false);
            return new ExitDecision(ExitAction.ReleaseOnly, checkpointContext, sessionId);
        }
        // Without unsaved changes the saved file may be exactly one already sent or downloaded:
        // telling needs its bytes, which the hand-over reads off the host's thread (UnchangedExits).
        var action = document.Modified || document.FilePath is null ? ExitAction.Checkpoint : ExitAction.CheckpointIfChanged;
        return new ExitDecision(action, checkpointContext, sessionId);
    }
}
