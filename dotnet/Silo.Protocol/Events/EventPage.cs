namespace Silo.Protocol.Events;

/// <summary>A page of the event history; <see cref="Head"/> is the newest event id the server has issued, <see cref="Floor"/> the oldest it still holds.</summary>
public sealed record EventPage(IReadOnlyList<SiloEvent> Events, long Head, long Floor);
