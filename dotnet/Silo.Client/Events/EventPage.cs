namespace Silo.Client.Events;

/// <summary>A page of the event history; <see cref="Head"/> is the newest event id the server has issued.</summary>
internal sealed record EventPage(IReadOnlyList<SiloEvent> Events, long Head, long Floor);
