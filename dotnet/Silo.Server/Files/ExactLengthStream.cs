namespace Silo.Server.Files;

/// <summary>
/// Passes a request body through, failing at its end when it was shorter than announced. Reading
/// more than announced is the blob store's size limit's business.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long expectedLength) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _read += n;
        if (n == 0 && buffer.Length > 0 && _read < expectedLength) throw new BlobTruncatedException(expectedLength, _read);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Request bodies are read asynchronously.");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public sealed class BlobTruncatedException(long expected, long actual)
    : Exception($"The upload ended after {actual} bytes; the URL was signed for {expected}.")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}
