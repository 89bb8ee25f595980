using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Files;

/// <summary>The database's record of which blobs are stored, and their sizes.</summary>
public sealed class BlobIndex(TimeProvider time, IBlobStore blobs)
{
    /// <summary>Records a stored blob; storing it again restarts its collection grace.</summary>
    /// <exception cref="ProblemException">503: the collector took the file between its store and now.</exception>
    public async Task RecordAsync(DbSession s, StoredBlob blob, CancellationToken ct)
    {
        await s.ExecuteAsync("""
            INSERT INTO blobs(sha256, size, created_at) VALUES (@Sha256, @Size, @now)
            ON CONFLICT(sha256) DO UPDATE SET touched_at = excluded.created_at
            """,
            new { blob.Sha256, blob.Size, now = time.Now() }, ct);
        // The collector sets a file aside inside its write, and that write and this one exclude each
        // other (the same row): once it went first, the file is gone here and must not be indexed.
        if (!blobs.Exists(blob.Sha256))
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "Try again",
                "The file was collected while this upload finished; upload it again.");
    }

    /// <summary>Restarts the collection grace of a blob a client was told it need not upload again.</summary>
    public Task TouchAsync(DbSession s, string sha256, CancellationToken ct) =>
        s.ExecuteAsync("UPDATE blobs SET touched_at = @now WHERE sha256 = @sha256", new { sha256 = sha256.ToLowerInvariant(), now = time.Now() }, ct);

    public Task<long?> SizeAsync(DbSession s, string sha256, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<long?>("SELECT size FROM blobs WHERE sha256 = @sha256", new { sha256 = sha256.ToLowerInvariant() }, ct);
}
