using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Events;

/// <summary>
/// Where <c>GET /api/events</c> resumes and for which workstation. The position comes as the
/// Last-Event-ID header, or as a query value for clients that cannot set headers.
/// </summary>
public sealed record EventStreamParameters(
    [FromHeader(Name = "Last-Event-ID")] string? LastEventIdHeader = null,
    [FromQuery(Name = "last_event_id")] string? LastEventIdQuery = null,
    [FromQuery(Name = "workstation_id")] string? WorkstationId = null);
