using SiloMod.Core.Signals;

namespace SiloMod.Core.Presence;

/// <summary>
/// Who edits what, by session id, kept live from the event stream and rebuilt from the server on
/// every connection. Each change publishes <see cref="PresenceChanged"/> for its item.
/// </summary>
public sealed class PresenceMap(SignalHub signals)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RemoteSession> _bySession = new(StringComparer.Ordinal);

    // Events that arrive while a rebuild reads the server; replayed over its snapshot, which may
    // predate them, so a session acquired or released meanwhile is not undone by the rebuild.
    private List<(RemoteSession? Upserted, string? RemovedId)>? _duringRebuild;

    /// <summary>A rebuild starts reading the server: changes from now on are replayed over its <see cref="Replace"/>.</summary>
    /// <exception cref="InvalidOperationException">Another rebuild has begun and not ended: its journal would be lost.</exception>
    public void BeginRebuild()
    {
        lock (_gate)
        {
            if (_duringRebuild is not null) throw new InvalidOperationException("A presence rebuild is already running; rebuilds must not overlap.");
            _duringRebuild = [];
        }
    }

    /// <summary>The rebuild failed; the map stays as the events made it.</summary>
    public void AbandonRebuild()
    {
        lock (_gate) _duringRebuild = null;
    }

    /// <summary>Adds or replaces a session.</summary>
    public void Upsert(RemoteSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            _duringRebuild?.Add((session, null));
            if (_bySession.TryGetValue(session.SessionId, out var old) && old == session) return;
            _bySession[session.SessionId] = session;
        }
        signals.Publish(new PresenceChanged(session.PartNumber));
    }

    /// <returns>False when the session was not in the map (nothing signalled).</returns>
    public bool Remove(string sessionId)
    {
        RemoteSession? removed;
        lock (_gate)
        {
            _duringRebuild?.Add((null, sessionId));
            if (!_bySession.Remove(sessionId, out removed)) return false;
        }
        signals.Publish(new PresenceChanged(removed.PartNumber));
        return true;
    }

    /// <summary>
    /// Replaces the whole map with what the server reports now and signals every item whose
    /// sessions differ, so missed events (a gap in the stream) leave nothing stale behind.
    /// </summary>
    public void Replace(IEnumerable<RemoteSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var fresh = sessions.ToDictionary(s => s.SessionId, StringComparer.Ordinal);
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        var gone = new List<RemoteSession>();
        lock (_gate)
        {
            foreach (var (upserted, removedId) in _duringRebuild ?? [])
            {
                if (upserted is not null) fresh[upserted.SessionId] = upserted;
                else fresh.Remove(removedId!);
            }
            _duringRebuild = null;
            foreach (var (id, old) in _bySession)
            {
                if (!fresh.TryGetValue(id, out var now) || now != old) changed.Add(old.PartNumber);
                if (now is null) gone.Add(old);
            }
            foreach (var (id, now) in fresh)
            {
                if (!_bySession.TryGetValue(id, out var old) || old != now) changed.Add(now.PartNumber);
            }
            _bySession.Clear();
            foreach (var (id, session) in fresh) _bySession[id] = session;
        }
        foreach (var partNumber in changed) signals.Publish(new PresenceChanged(partNumber));
        // Ended while the stream was down: no release event will ever say so.
        foreach (var session in gone) signals.Publish(new SessionEnded(session.PartNumber, session.SessionId, session.User, session.ObjectId, "gone"));
    }

    /// <summary>The item's sessions, oldest first.</summary>
    public IReadOnlyList<RemoteSession> ForItem(string partNumber)
    {
        lock (_gate) return [.. _bySession.Values.Where(s => s.PartNumber == partNumber).OrderBy(s => s.Since)];
    }

    /// <summary>Other users' sessions on the item: what the presence dots show.</summary>
    public IReadOnlyList<RemoteSession> OthersForItem(string partNumber) => [.. ForItem(partNumber).Where(s => !s.IsOwnUser)];

    public IReadOnlyList<RemoteSession> All()
    {
        lock (_gate) return [.. _bySession.Values.OrderBy(s => s.PartNumber, StringComparer.Ordinal).ThenBy(s => s.Since)];
    }
}
