namespace Silo.Server.Storage;

/// <summary>Content-addressed file store: a blob's name is the SHA-256 of its bytes.</summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a temp file while hashing it, and moves it into the
    /// store only when it is complete, within <paramref name="maxBytes"/>, and (when given) matches
    /// <paramref name="expectedSha256"/>. On any failure nothing is left behind.
    /// </summary>
    Task<StoredBlob> PutAsync(Stream content, long maxBytes, string? expectedSha256, CancellationToken cancellationToken);

    bool Exists(string sha256);

    /// <summary>Absolute path of a stored blob, for zero-copy sends.</summary>
    string PathOf(string sha256);

    /// <summary>
    /// Takes a blob out of the store (<see cref="Exists"/> is false from now on) without destroying
    /// it yet; null when it is not there. See <see cref="BlobRemoval"/>.
    /// </summary>
    BlobRemoval? BeginRemove(string sha256);

    IEnumerable<string> ListHashes();
}

public sealed record StoredBlob(string Sha256, long Size, bool AlreadyStored);

public sealed class BlobTooLargeException(long limit) : Exception($"The upload is larger than the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}

public sealed class BlobHashMismatchException(string expected, string actual)
    : Exception($"The uploaded bytes hash to {actual}, not the announced {expected}.")
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}
