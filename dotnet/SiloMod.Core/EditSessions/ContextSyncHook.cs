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
/// The entry and exit gate: answers each move between contexts. Entering a deeper context
/// acquires an edit session for it, and tells the user when the document is behind the item's
/// head; leaving one decides between a checkpoint (which the host hands over), a plain release,
/// or nothing.
/// </summary>
/// <remarks>
/// What is open is the <see cref="ContextEngine"/>'s to keep; this keeps only what the server
/// granted (the sessions held, in <see cref="ActiveSessions"/>: an exit removes its context's) and
/// which of them still wait for an answer to the freshness prompt.
/// </remarks>
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

    // Sessions whose entry asked the freshness prompt and got no answer yet, by session id: leaving is then a back-out.
    private readonly ConcurrentDictionary<string, StaleNotice> _unanswered = new(StringComparer.Ordinal);

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
    /// Decides one move between contexts, as the <see cref="ContextEngine"/> (which alone keeps what
    /// is open) finds it. A move deeper is an entry; shallower an exit; sideways (same depth, another
    /// object: sketch A to sketch B) both: the exit of the old context and the entry of the new.
    /// Never throws for a server failure; only the host's own cancellation ends it early.
    /// </summary>
    public async Task<ContextDecision> OnContextChangedAsync(ContextChange change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Document.PartNumber is not { } partNumber) return ContextDecision.Ignored;
        var (oldContext, newContext) = (change.Old, change.New);
        if (TransitionClassifier.SameObject(oldContext, newContext)) return ContextDecision.Ignored;

        ExitDecision? exit = null;
        // Left before answering the freshness prompt (Cancel, or Update backing out first): nothing was edited.
        if (HeldFor(partNumber, oldContext) is { } held && _unanswered.TryRemove(held.SessionId, out _))
        {
            if (_sessions.Remove(held.Key) is not null) await _releaser.ReleaseAsync(partNumber, held.SessionId, ct).ConfigureAwait(false);
            exit = new ExitDecision(ExitAction.ReleaseOnly, SessionId: held.SessionId);
        }
        // A refused entry never comes back here as the old context: the ContextEngine never entered it.
        else if (TransitionClassifier.Classify(oldContext, newContext) is { } checkpointContext)
            exit = await ExitAsync(partNumber, oldContext, checkpointContext, change.Document, ct).ConfigureAwait(false);

        // A jump out of several levels (sketch straight to the document, from a host that does not
        // go one level at a time) closes the body too: its session is released directly, while the
        // checkpoint carries the session of the context left.
        var newDepth = ContextDepth.Of(newContext);
        foreach (var closed in _sessions.All().Where(s => s.PartNumber == partNumber && DepthOf(s) >= newDepth && !Holds(s, newContext)))
            if (_sessions.Remove(closed.Key) is not null)
            {
                _unanswered.TryRemove(closed.SessionId, out _);
                await _releaser.ReleaseAsync(partNumber, closed.SessionId, ct).ConfigureAwait(false);
            }

        // Back to a shallower context (a sketch opened straight from the document, then closed to
        // its body) the user returns rather than asks for it: followed, not gated.
        EntryDecision? entry = null;
        if (newDepth > ContextDepth.Document && newDepth >= ContextDepth.Of(oldContext) && HeldFor(partNumber, newContext) is null)
            entry = await EnterAsync(partNumber, newContext, change.Document, ct).ConfigureAwait(false);
        return new ContextDecision(entry, exit);
    }

    /// <summary>
    /// Answers a handoff request: a session held is one whose context the host has open (an exit
    /// releases it), so the host is asked to leave that context (<see cref="LeaveContextRequested"/>),
    /// and that exit pushes a checkpoint if the document changed and releases.
    /// </summary>
    public Task ReleaseNowAsync(string sessionId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        _signals.Publish(_sessions.FindBySessionId(sessionId) is { } held
            ? new LeaveContextRequested(held.PartNumber, held.ObjectId, held.SessionId)
            : new SyncError(null, $"Edit session {sessionId} is not held by this workstation; there is nothing to release."));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The user answered the freshness prompt with Edit anyway: the open contexts of the item are
    /// edits like any other, and the prompt is not shown again for the same head. The exit's push
    /// will be refused as stale, and the user's file kept.
    /// </summary>
    public void EditAnyway(string partNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(partNumber);
        foreach (var session in _sessions.All().Where(s => s.PartNumber == partNumber))
            if (_unanswered.TryRemove(session.SessionId, out var notice)) _editAnyway[partNumber] = notice.Head.Version;
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

    private async Task<EntryDecision> EnterAsync(string partNumber, EditingContext context, TrackedDocument document,
        CancellationToken ct)
    {
        var level = ContextLevelMap.LevelOf(context.Type);
        var objectId = context.ObjectId;
        // Nothing to name to the server (a host that reported no object): entering is not gated.
        if (level is null || string.IsNullOrEmpty(objectId) || !_settings.Current.EditLockingEnabled)
            return new EntryDecision(EntryVerdict.Allow);

        if (_options.WorkstationId is not { Length: > 0 } workstationId)
            return Offline(partNumber, context, "this workstation is not registered with the server yet");

        try
        {
            var result = await _client.AcquireEditSessionAsync(partNumber, workstationId, level, objectId, context.DependencyCone, ct)
                .ConfigureAwait(false);
            var session = new ActiveSession(partNumber, level, objectId, result.SessionId, result.AcquiredAt);
            _sessions.Add(session);
            var stale = result.Head is { } head && _editAnyway.GetValueOrDefault(partNumber) != head.Version
                ? await _freshness.CheckAsync(partNumber, document, head, ct).ConfigureAwait(false)
                : null;
            if (stale is not null) _unanswered[session.SessionId] = stale;
            if (result.Interference != InterferenceLevels.Soft || result.Conflicts.Count == 0)
                return new EntryDecision(EntryVerdict.Allow, result.SessionId, Stale: stale);

            foreach (var conflict in result.Conflicts)
                _signals.Publish(new SoftInterference(partNumber, conflict.User, conflict.ObjectId, conflict.SharedNodes));
            var message = string.Join(Environment.NewLine, result.Conflicts.Select(c =>
                $"{c.User} is editing {c.ObjectId} — shares downstream features: {string.Join(", ", c.SharedNodes.Take(3))}"));
            return new EntryDecision(EntryVerdict.AllowWithWarning, result.SessionId, Conflicts: result.Conflicts, Message: message, Stale: stale);
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
                holder?.AcquiredAt ?? _time.GetUtcNow(), holder?.SessionId, holder?.Workstation, holder?.ContextLevel));
            var message = holder is null
                ? $"Another user is editing {objectId}."
                : $"{holder.User} is currently editing {holder.ObjectId}" + (holder.Workstation is { } ws ? $" on {ws}." : ".");
            return new EntryDecision(EntryVerdict.Block, Holder: holder, Message: message);
        }
        catch (UnavailableException e)
        {
            return Offline(partNumber, context, ServerWords.Describe(e));
        }
        catch (SiloApiException e)
        {
            // A refusal that is not interference (unknown item, no edit right, a rejected token)
            // must not keep the user out of their own file: entry is allowed as if offline, the
            // exit still pushes (and that push may be refused too, keeping a copy), and the
            // refusal is shown as a SyncError rather than as the "server away" warning.
            _signals.Publish(new SyncError(partNumber, $"The server refused an edit session on {objectId}: {e.Message}. Editing without one."));
            return new EntryDecision(EntryVerdict.AllowOffline, Message: $"Editing {objectId} without an edit session: {e.Message}");
        }
    }

    private EntryDecision Offline(string partNumber, EditingContext context, string reason)
    {
        var objectId = context.ObjectId ?? "";
        _signals.Publish(new OfflineEditing(partNumber, objectId, reason));
        return new EntryDecision(EntryVerdict.AllowOffline,
            Message: $"{reason.TrimEnd('.')}: you can edit {objectId}, but nobody else is kept out of it until the server is back.");
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

    /// <summary>The session held for a context, if any.</summary>
    private ActiveSession? HeldFor(string partNumber, EditingContext context) =>
        _sessions.All().FirstOrDefault(s => s.PartNumber == partNumber && Holds(s, context));

    private static bool Holds(ActiveSession session, EditingContext context) =>
        session.ObjectId == context.ObjectId && session.Level == ContextLevelMap.LevelOf(context.Type);

    private static int DepthOf(ActiveSession session) => ContextDepth.Of(ContextLevelMap.TypeOf(session.Level));
}
