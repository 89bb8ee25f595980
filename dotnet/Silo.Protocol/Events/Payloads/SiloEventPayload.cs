namespace Silo.Protocol.Events;

/// <summary>The typed data of a <see cref="SiloEvent"/>; <see cref="EventPayloads"/> names the record of each event type.</summary>
public abstract record SiloEventPayload;
