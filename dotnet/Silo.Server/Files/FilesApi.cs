using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Revisions;
using Silo.Server.Storage;

namespace Silo.Server.Files;

public static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder api)
    {
        var file = api.MapGroup("/items/{partNumber}/file").WithTags("Files");
        file.MapPost("/", Upload).RequireAuthorization(Policies.Editor)
            .Accepts<Stream>("application/octet-stream")
            .WithSummary("Stream the raw bytes of a file into the store. Answers its SHA-256 and size, for a following POST …/revisions.")
            .ProducesProblem(404).ProducesProblem(409);
        file.MapGet("/", Download)
            .WithSummary("Stream the file of a revision (default: the latest). The ETag is its SHA-256.")
            .Produces(200, contentType: "application/octet-stream").Produces(206, contentType: "application/octet-stream").Produces(304)
            .ProducesProblem(416)
            .AddEndpointFilter<RangeProblemFilter>();
        return api;
    }

    private static async Task<Results<Created<UploadedFile>, Problem<ProblemStatus.Unsupported>, Problem<ProblemStatus.TooLarge>>> Upload(
        string partNumber, HttpContext http, IDatabase db, ItemStore items, LockStore locks, IBlobStore blobs, BlobIndex index,
        SiloServerOptions options, CancellationToken ct)
    {
        var user = http.SiloUser();
        if (!string.Equals(http.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return new Problem<ProblemStatus.Unsupported>($"Send the file as application/octet-stream, not '{http.Request.ContentType ?? "(none)"}'.");
        if (http.Request.ContentLength > options.MaxUploadBytes)
            return new Problem<ProblemStatus.TooLarge>($"The file is {http.Request.ContentLength} bytes; the limit is {options.MaxUploadBytes}.");

        // Checked before any byte moves, so a refused writer does not upload gigabytes for nothing.
        await db.ReadAsync(async s =>
        {
            await locks.EnsureWritableAsync(s, await items.RequireAsync(s, partNumber, ct), user, ct);
            return true;
        }, ct);

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = options.MaxUploadBytes;
        var blob = await BlobUpload.StoreAsync(http.Request.Body, blobs, options.MaxUploadBytes, expectedSha256: null, ct);
        await db.WriteAsync(async s =>
        {
            await index.RecordAsync(s, blob, ct);
            return true;
        }, ct);
        return TypedResults.Created($"/api/items/{partNumber}/file", new UploadedFile(blob.Sha256, blob.Size));
    }

    private static async Task<Results<PhysicalFileHttpResult, StatusCodeHttpResult, Problem<ProblemStatus.NotFound>>> Download(
        string partNumber, HttpContext http, IDatabase db, ItemStore items, RevisionStore revisions, IBlobStore blobs, CancellationToken ct,
        int? revision = null)
    {
        var (item, rev) = await db.ReadAsync(async s =>
        {
            var item = await items.RequireAsync(s, partNumber, ct);
            return (item, revision is { } number ? await revisions.FindAsync(s, item, number, ct) : await revisions.LatestAsync(s, item, ct));
        }, ct);
        if (rev is null)
            return new Problem<ProblemStatus.NotFound>(revision is { } missing ? $"{item.PartNumber} has no revision {missing}." : $"{item.PartNumber} has no revisions yet.");

        var etag = new EntityTagHeaderValue($"\"{rev.FileHash}\"");
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (!blobs.Exists(rev.FileHash))
            throw new InvalidOperationException($"Blob {rev.FileHash} of {partNumber} revision {rev.Number} is missing from the store.");

        http.Response.Headers["X-Silo-Revision"] = rev.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.PhysicalFile(blobs.PathOf(rev.FileHash), "application/octet-stream",
            fileDownloadName: $"{rev.PartNumber}_rev{rev.Number}.FCStd", entityTag: etag, enableRangeProcessing: true);
    }
}
