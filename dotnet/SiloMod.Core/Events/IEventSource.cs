using Silo.Client.Events;

namespace SiloMod.Core.Events;

/// <summary>
/// The server's event stream as the core consumes it. A seam over <see cref="SiloEventFeed"/>, whose
/// constructor is the client's own, so tests can drive the inbound logic with subjects.
/// </summary>
public interface IEventSource
{
    /// <summary>Subscribing opens the stream; it reconnects by itself and resumes after the last event delivered.</summary>
    IObservable<SiloEvent> Events { get; }

    /// <summary>The current state first, then every change.</summary>
    IObservable<ConnectionState> States { get; }
}
