using Silo.Server.Checkpoints;
using Silo.Server.Files;
using Silo.Server.Items;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>
/// A checkpoint's file for the signed-in browser. A page link rather than the API's presigned URL,
/// which expires minutes after the page was rendered; this one works whenever it is clicked.
/// </summary>
internal static class CheckpointDownload
{
    public static string Path(string partNumber, string checkpointId) =>
        $"{Layout.ItemPath(partNumber)}/checkpoints/{Uri.EscapeDataString(checkpointId)}/file";

    public static async Task<IResult> Get(string partNumber, string checkpointId, HttpContext http, IDatabase db, CheckpointStore checkpoints,
        IBlobStore blobs, CancellationToken ct)
    {
        var user = http.WebUser();
        var row = await db.ReadAsync(async s =>
            await ItemStore.FindAsync(s, partNumber, ct) is { } item ? await checkpoints.FindAsync(s, new ItemRef(item.Id, item.PartNumber), checkpointId, ct) : null, ct);
        if (row is null)
            return ErrorPages.Render(user, StatusCodes.Status404NotFound, "Checkpoint not found",
                $"{partNumber} has no checkpoint '{checkpointId}'. It may have expired; the item page lists the ones kept.");
        if (!blobs.Exists(row.FileHash))
            return ErrorPages.Render(user, StatusCodes.Status404NotFound, "File not stored", $"The file of this checkpoint of {row.PartNumber} is no longer stored.");
        var name = row.Version is { } version ? $"{row.PartNumber}_v{version}.FCStd" : $"{row.PartNumber}_checkpoint_{row.Id}.FCStd";
        return TypedResults.PhysicalFile(blobs.PathOf(row.FileHash), "application/octet-stream", fileDownloadName: name, enableRangeProcessing: true);
    }
}
