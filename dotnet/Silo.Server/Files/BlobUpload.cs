using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Files;

/// <summary>Maps the blob store's and Kestrel's failures during an upload to the client's problem.</summary>
public static class BlobUpload
{
    public static async Task<StoredBlob> StoreAsync(Stream body, IBlobStore blobs, long maxBytes, string? expectedSha256, CancellationToken ct)
    {
        try
        {
            return await blobs.PutAsync(body, maxBytes, expectedSha256, ct);
        }
        catch (BlobTooLargeException e)
        {
            throw ProblemException.TooLarge(e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw ProblemException.TooLarge($"The upload is larger than the limit of {maxBytes} bytes.");
        }
        catch (BlobHashMismatchException e)
        {
            throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "Hash mismatch", e.Message,
                new Dictionary<string, object?> { ["expected"] = e.Expected, ["actual"] = e.Actual });
        }
    }
}
