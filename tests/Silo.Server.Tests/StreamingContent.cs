using System.Net;

namespace Silo.Server.Tests;

/// <summary>
/// A request body of unknown length (sent chunked), written piece by piece. With
/// <see cref="StallAfter"/> it stops after that many bytes and waits until the request is
/// cancelled, so a test can abort an upload half-way.
/// </summary>
public sealed class StreamingContent(byte[] bytes, int chunkSize, long? stallAfter = null) : HttpContent
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long? StallAfter { get; } = stallAfter;

    /// <summary>Completes once the first <see cref="StallAfter"/> bytes have been flushed to the socket.</summary>
    public Task Stalled => _stalled.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (var sent = 0; sent < bytes.Length; sent += chunkSize)
        {
            if (StallAfter is { } stall && sent >= stall)
            {
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            await stream.WriteAsync(bytes.AsMemory(sent, Math.Min(chunkSize, bytes.Length - sent)), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
