using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Auth;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List).WithTags("Audit").RequireAuthorization(Policies.Admin)
            .WithSummary("Admin overrides, newest first (optionally for one part number).");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditLog.Entry>>, Problem<ProblemStatus.BadRequest>>> List(IDatabase db, AuditLog audit, CancellationToken ct,
        string? part_number = null, int limit = 100)
    {
        if (limit is < 1 or > 1000) return new Problem<ProblemStatus.BadRequest>("limit must be between 1 and 1000.");
        return TypedResults.Ok(await db.ReadAsync(s => audit.ListAsync(s, part_number, limit, ct), ct));
    }
}
