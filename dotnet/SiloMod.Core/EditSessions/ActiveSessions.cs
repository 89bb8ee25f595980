namespace SiloMod.Core.EditSessions;

/// <summary>
/// The edit sessions this workstation holds, by session key. Entry adds, exit removes; the event
/// side asks it whether a handoff request concerns this workstation.
/// </summary>
public sealed class ActiveSessions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveSession> _byKey = new(StringComparer.Ordinal);

    public void Add(ActiveSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate) _byKey[session.Key] = session;
    }

    /// <summary>Removes and returns the session held under the key, or null.</summary>
    public ActiveSession? Remove(string key)
    {
        lock (_gate) return _byKey.Remove(key, out var session) ? session : null;
    }

    public ActiveSession? FindBySessionId(string sessionId)
    {
        lock (_gate) return _byKey.Values.FirstOrDefault(s => s.SessionId == sessionId);
    }

    public bool RemoveBySessionId(string sessionId)
    {
        lock (_gate)
        {
            var session = _byKey.Values.FirstOrDefault(s => s.SessionId == sessionId);
            return session is not null && _byKey.Remove(session.Key);
        }
    }

    public IReadOnlyList<ActiveSession> All()
    {
        lock (_gate) return [.. _byKey.Values];
    }
}
