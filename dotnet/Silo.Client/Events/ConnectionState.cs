namespace Silo.Client.Events;

/// <summary>Where a <see cref="SiloEventFeed"/> stands with the server.</summary>
public enum ConnectionState
{
    /// <summary>Not following: not subscribed yet, disposed, or stopped by a refusal reconnecting cannot cure.</summary>
    Offline,

    /// <summary>The stream is open; events arrive as they happen.</summary>
    Connected,

    /// <summary>
    /// The stream was lost or could not be opened; the next try waits out a growing delay. Events
    /// of the gap are replayed on reconnect, but state the client holds outside events (file
    /// copies, locks it assumed) is worth reconciling once <see cref="Connected"/> comes back.
    /// </summary>
    Reconnecting,
}
