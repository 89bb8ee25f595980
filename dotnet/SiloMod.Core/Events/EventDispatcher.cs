using System.Reactive.Disposables;
using Silo.Client.Events;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Persistence;
using SiloMod.Core.Presence;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Events;

/// <summary>
/// Routes the server's events: edit sessions to presence, handoff requests to the user (only for
/// sessions this workstation holds), subscription events to the inbound sync. Records each event's
/// id in the sync state so a restart resumes the stream after it.
/// </summary>
public sealed class EventDispatcher(
    IEventSource source, PresenceMap presence, ActiveSessions held, IInboundSync sync, SyncStateStore state, SignalHub signals, Func<string?> currentUser)
    : IDisposable
{
    private readonly SerialDisposable _subscription = new();

    /// <summary>Opens the stream. States are watched first, so the first Connected is not missed.</summary>
    public void Start()
    {
        var states = source.States.Subscribe(sync.ConnectionChanged, sync.StreamFailed);
        var events = source.Events.Subscribe(Dispatch, sync.StreamFailed);
        _subscription.Disposable = new CompositeDisposable(events, states);
    }

    public void Dispatch(SiloEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Payload)
        {
            case EditSessionAcquired a:
                presence.Upsert(new RemoteSession(a.SessionId, a.PartNumber, a.User, a.Workstation, a.ContextLevel, a.ObjectId, a.AcquiredAt, IsOwn(a.User)));
                break;
            case EditSessionReleased r:
                presence.Remove(r.SessionId);
                // Published for every ended session, known to presence or not: a card may name a
                // session this workstation only heard of through a refusal (the blocked card).
                signals.Publish(new SessionEnded(r.PartNumber, r.SessionId, r.User, r.ObjectId, r.Reason));
                break;
            case EditForceReleased f:
                presence.Remove(f.SessionId);
                signals.Publish(new SessionEnded(f.PartNumber, f.SessionId, f.User, f.ObjectId, "forced"));
                break;
            case EditInterferenceResolved i:
                presence.Remove(i.ResolvedSessionId);
                break;
            case EditHandoffRequested h:
                // The server addresses it to the holder's workstation; a session this workstation no
                // longer holds (released meanwhile, or a stale replay) has nothing to hand off.
                if (held.FindBySessionId(h.SessionId) is { } session)
                    signals.Publish(new HandoffRequested(h.PartNumber, h.Requester, h.Message, h.SessionId, session.ObjectId));
                break;
            case SubscriptionCheckpoint c:
                if (!IsOwn(c.CheckpointUser)) sync.CheckpointAnnounced(c);
                break;
            case SubscriptionRevision r:
                sync.RevisionAnnounced(r);
                break;
            case SyncRequired s:
                sync.DiffRequested("sync_required: " + s.Reason);
                break;
            case SubscriptionChanged u:
                sync.SubscriptionsChanged($"subscription {u.Action}");
                break;
        }
        try
        {
            state.SetLastEventId(e.Id);
        }
        catch (Exception x) when (StorageFailures.IsLocal(x))
        {
            // Not written down (a full disk): a restart replays from the last id that was, which
            // only repeats what the sync does anyway. Thrown here, it would end the event stream.
        }
    }

    private bool IsOwn(string user) => RemoteSession.IsOwn(user, currentUser());

    public void Dispose() => _subscription.Dispose();
}
