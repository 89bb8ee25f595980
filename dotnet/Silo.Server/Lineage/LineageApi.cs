using Microsoft.AspNetCore.Http.HttpResults;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Lineage;

public static class LineageApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapLineageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/items/{partNumber}/versions", List).WithTags("Lineage")
            .WithSummary("The item's versions (every accepted revision and checkpoint), newest first: the first is the head. file_hash narrows to the versions with those bytes.")
            .ProducesProblem(404);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ItemVersion>>, Problem<ProblemStatus.BadRequest>>> List(string partNumber, IDatabase db, ItemStore items, LineageStore lineage, CancellationToken ct,
        string? file_hash = null, int limit = DefaultLimit)
    {
        if (limit is < 1 or > MaxLimit) return new Problem<ProblemStatus.BadRequest>($"limit must be between 1 and {MaxLimit}.");
        if (file_hash is not null && !FileBlobStore.IsHash(file_hash)) return new Problem<ProblemStatus.BadRequest>("file_hash must be a SHA-256 hex digest (64 hex digits).");
        return TypedResults.Ok(await db.ReadAsync(async s => await lineage.ListAsync(s, (await items.RequireAsync(s, partNumber, ct)).Id, file_hash, limit, ct), ct));
    }
}
