using Silo.Server.Storage;

namespace Silo.Server.Files;

/// <summary>The database's record of which blobs are stored, and their sizes.</summary>
public sealed class BlobIndex(TimeProvider time)
{
    public Task RecordAsync(DbSession s, StoredBlob blob, CancellationToken ct) =>
        s.ExecuteAsync("INSERT INTO blobs(sha256, size, created_at) VALUES (@Sha256, @Size, @now) ON CONFLICT(sha256) DO NOTHING",
            new { blob.Sha256, blob.Size, now = time.Now() }, ct);

    public Task<long?> SizeAsync(DbSession s, string sha256, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<long?>("SELECT size FROM blobs WHERE sha256 = @sha256", new { sha256 = sha256.ToLowerInvariant() }, ct);
}
