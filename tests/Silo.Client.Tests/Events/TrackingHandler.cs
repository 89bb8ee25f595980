namespace Silo.Client.Tests.Events;

/// <summary>Counts requests and tells when an event-stream response is let go (its connection closed).</summary>
internal sealed class TrackingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _requests;
    private int _openStreams;

    public int Requests => Volatile.Read(ref _requests);

    public int OpenStreams => Volatile.Read(ref _openStreams);

    public TaskCompletionSource StreamClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            Interlocked.Increment(ref _openStreams);
            response.Content = new TrackedContent(response.Content, () =>
            {
                Interlocked.Decrement(ref _openStreams);
                StreamClosed.TrySetResult();
            });
        }
        return response;
    }

    private sealed class TrackedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private Action? _disposed;

        public TrackedContent(HttpContent inner, Action disposed)
        {
            _inner = inner;
            _disposed = disposed;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                Interlocked.Exchange(ref _disposed, null)?.Invoke();
            }
            base.Dispose(disposing);
        }
    }
}
