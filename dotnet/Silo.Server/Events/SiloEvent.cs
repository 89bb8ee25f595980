using System.Text.Json;

namespace Silo.Server.Events;

/// <summary>One entry of the event log as clients receive it (the SSE <c>data:</c> line).</summary>
public sealed record SiloEvent(long Id, string Type, string? PartNumber, DateTimeOffset OccurredAt, JsonElement Data);

/// <summary>What a reader is allowed to see: events for everyone, for this user, for this workstation.</summary>
public sealed record EventReader(string UserId, string? WorkstationId = null);
