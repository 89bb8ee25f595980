using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Items;

/// <summary>The filters and page of <c>GET /api/items</c>, as its query string names them.</summary>
public sealed record ItemSearchParameters(
    [FromQuery(Name = "search")] string? Search = null,
    [FromQuery(Name = "category")] string? Category = null,
    [FromQuery(Name = "project")] string? Project = null,
    [FromQuery(Name = "locked")] bool? Locked = null,
    [FromQuery(Name = "limit")] int Limit = 50,
    [FromQuery(Name = "offset")] int Offset = 0);
