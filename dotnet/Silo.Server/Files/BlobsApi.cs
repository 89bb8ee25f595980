using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Files;

/// <summary>
/// Presigned blob transfer: the URL's signature is the authorisation, so these routes take no
/// bearer token and a client can hand the URL to any HTTP tool.
/// </summary>
public static class BlobsApi
{
    public static RouteGroupBuilder MapBlobsApi(this RouteGroupBuilder api)
    {
        var blobs = api.MapGroup("/blobs").WithTags("Blobs");
        blobs.MapPut("/{sha256}", Upload).AllowAnonymous()
            .Accepts<Stream>("application/octet-stream")
            .WithSummary("Upload the bytes a presigned URL was issued for (?user=&expires=&size=&sig=). Hashed while streaming; stored only when complete, exactly size bytes long and hashing to sha256.")
            .Produces<UploadedFile>(StatusCodes.Status201Created)
            .ProducesProblem(422);
        blobs.MapGet("/{sha256}", Download).AllowAnonymous()
            .WithSummary("Download a blob through a presigned URL (?user=&expires=&sig=). The ETag is its SHA-256; ranges are supported.")
            .Produces(200, contentType: "application/octet-stream").Produces(206, contentType: "application/octet-stream").Produces(304)
            .ProducesProblem(416)
            .AddEndpointFilter<RangeProblemFilter>();
        return api;
    }

    private static async Task<Results<Created<UploadedFile>, Problem<ProblemStatus.NotFound>, Problem<ProblemStatus.Forbidden>,
        Problem<ProblemStatus.Unsupported>, Problem<ProblemStatus.TooLarge>>> Upload(string sha256, HttpContext http, IDatabase db, IBlobStore blobs, BlobIndex index,
        PresignedUrls urls, [AsParameters] PresignedQuery query, CancellationToken ct, [FromQuery] string? size = null)
    {
        if (!FileBlobStore.IsHash(sha256)) return NotAHash(sha256);
        if (!long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
            return new Problem<ProblemStatus.Forbidden>("The upload URL carries no valid size; ask for a new one.");
        if (urls.Verify("PUT", sha256, length, query.User, query.Expires, query.Sig) is { } refusal)
            return new Problem<ProblemStatus.Forbidden>(refusal + " Ask …/checkpoint/upload-url for a new one.");
        if (http.Request.ContentType is { } type && !string.Equals(type, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return new Problem<ProblemStatus.Unsupported>($"Send the file as application/octet-stream, not '{type}'.");
        if (http.Request.ContentLength > length)
            return new Problem<ProblemStatus.TooLarge>($"The body is {http.Request.ContentLength} bytes; the URL was signed for {length}.");
        if (http.Request.ContentLength < length)
            throw Truncated(new BlobTruncatedException(length, http.Request.ContentLength.Value));

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = length;
        StoredBlob blob;
        try
        {
            blob = await BlobUpload.StoreAsync(new ExactLengthStream(http.Request.Body, length), blobs, length, sha256.ToLowerInvariant(), ct);
        }
        catch (BlobTruncatedException e)
        {
            throw Truncated(e);
        }

        await db.WriteAsync(async s =>
        {
            await index.RecordAsync(s, blob, ct);
            return true;
        }, ct);
        return TypedResults.Created($"/api/blobs/{blob.Sha256}", new UploadedFile(blob.Sha256, blob.Size));
    }

    private static Results<PhysicalFileHttpResult, Problem<ProblemStatus.NotFound>, Problem<ProblemStatus.Forbidden>> Download(string sha256, IBlobStore blobs,
        PresignedUrls urls, [AsParameters] PresignedQuery query)
    {
        if (!FileBlobStore.IsHash(sha256)) return NotAHash(sha256);
        if (urls.Verify("GET", sha256, null, query.User, query.Expires, query.Sig) is { } refusal)
            return new Problem<ProblemStatus.Forbidden>(refusal + " Fetch the checkpoint again for a fresh download_url.");
        if (!blobs.Exists(sha256)) return new Problem<ProblemStatus.NotFound>($"The blob {sha256.ToLowerInvariant()} is no longer stored.");
        return TypedResults.PhysicalFile(blobs.PathOf(sha256), "application/octet-stream",
            entityTag: new EntityTagHeaderValue($"\"{sha256.ToLowerInvariant()}\""), enableRangeProcessing: true);
    }

    private static Problem<ProblemStatus.NotFound> NotAHash(string sha256) => new($"'{sha256}' is not a SHA-256 hex digest.");

    private static ProblemException Truncated(BlobTruncatedException e) =>
        new(StatusCodes.Status422UnprocessableEntity, "Incomplete upload", e.Message,
            new Dictionary<string, object?> { ["expected_size"] = e.Expected, ["actual_size"] = e.Actual });
}
