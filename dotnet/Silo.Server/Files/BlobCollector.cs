using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Files;

/// <summary>
/// Deletes blobs that no revision and no checkpoint refers to, once they are older than
/// <c>--blob-grace</c> (counted from their last store or "already stored" answer, so an upload
/// whose revision or checkpoint is on its way is kept).
/// </summary>
public sealed class BlobCollector(IDatabase db, IBlobStore blobs, SiloServerOptions options, TimeProvider time, ILogger<BlobCollector> log) : IMaintenanceTask
{
    /// <summary>Bounds each write transaction, so uploads and checkpoints are not held up for long.</summary>
    private const int BatchSize = 500;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int collected;
        do
        {
            collected = await db.WriteAsync(s => CollectBatchAsync(s, cancellationToken), cancellationToken);
        }
        while (collected == BatchSize);
    }

    private async Task<int> CollectBatchAsync(DbSession s, CancellationToken ct)
    {
        var cutoff = Time.ToStored(time.GetUtcNow() - options.BlobGrace);
        var unreferenced = (await s.QueryAsync<string>("""
            SELECT b.sha256 FROM blobs b
            WHERE COALESCE(b.touched_at, b.created_at) <= @cutoff
              AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.file_hash = b.sha256)
              AND NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.file_hash = b.sha256)
            LIMIT @BatchSize
            """, new { cutoff, BatchSize }, ct)).ToList();
        foreach (var sha256 in unreferenced)
        {
            await s.ExecuteAsync("DELETE FROM blobs WHERE sha256 = @sha256", new { sha256 }, ct);
            // Out of reach now, so an upload recording the same bytes from here on sees the file gone
            // and asks for them again; destroyed only once the row's deletion is durable, and put
            // back if this attempt is undone (PostgreSQL may abort it and run it again).
            if (blobs.BeginRemove(sha256) is not { } removal) continue;
            s.AfterCommit(removal.Complete);
            s.AfterRollback(removal.Undo);
        }
        var count = unreferenced.Count;
        if (count > 0 && log.IsEnabled(LogLevel.Information)) log.LogInformation("Collected {Count} unreferenced blobs", count);
        return count;
    }
}
