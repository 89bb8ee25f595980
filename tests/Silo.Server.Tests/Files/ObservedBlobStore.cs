using Silo.Server.Storage;

namespace Silo.Server.Tests.Files;

/// <summary>The real blob store, reporting to a test how far an upload got and how it ended.</summary>
internal sealed class ObservedBlobStore(FileBlobStore inner, ObservedBlobStore.Handle handle) : IBlobStore
{
    public sealed class Handle
    {
        public long SignalAfterBytes { get; set; } = long.MaxValue;

        /// <summary>Completes once an upload has streamed <see cref="SignalAfterBytes"/> bytes.</summary>
        public TaskCompletionSource Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when an upload that reached the signal ends: null on success, else its exception.</summary>
        public TaskCompletionSource<Exception?> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, string? expectedSha256, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(content, handle);
        try
        {
            var blob = await inner.PutAsync(counting, maxBytes, expectedSha256, cancellationToken);
            if (counting.Signalled) handle.Finished.TrySetResult(null);
            return blob;
        }
        catch (Exception e)
        {
            if (counting.Signalled) handle.Finished.TrySetResult(e);
            throw;
        }
    }

    public bool Exists(string sha256) => inner.Exists(sha256);

    public string PathOf(string sha256) => inner.PathOf(sha256);

    public BlobRemoval? BeginRemove(string sha256) => inner.BeginRemove(sha256);

    public IEnumerable<string> ListHashes() => inner.ListHashes();

    private sealed class CountingStream(Stream inner, Handle handle) : Stream
    {
        private long _read;

        public bool Signalled { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _read += n;
            if (!Signalled && _read >= handle.SignalAfterBytes)
            {
                Signalled = true;
                handle.Received.TrySetResult();
            }
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
