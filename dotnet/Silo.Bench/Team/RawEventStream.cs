using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Silo.Bench.Fanout;
using Silo.Bench.Harness;

namespace Silo.Bench.Team;

/// <summary>
/// A workstation's event stream, read the cheap way a load generator must when thousands of
/// streams each carry every public event: bytes are scanned, not parsed line by line. It keeps the
/// last event id (to resume after a restart) and logs when each subscription.checkpoint arrived.
/// </summary>
internal sealed class RawEventStream : IAsyncDisposable
{
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private static readonly byte[] CheckpointEvent = "event: subscription.checkpoint\n"u8.ToArray();
    private static readonly byte[] CheckpointId = "\"checkpoint_id\":\""u8.ToArray();
    private static readonly byte[] IdLine = "id: "u8.ToArray();

    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _lastId;

    private RawEventStream(HttpResponseMessage response, Stream body, byte[] pending, int pendingLength, int index, DeliveryLog log)
    {
        _response = response;
        _reading = Task.Run(() => ReadAsync(body, pending, pendingLength, index, log, _stop.Token));
    }

    public long LastId => Interlocked.Read(ref _lastId);

    /// <summary>Completes when the server ended the stream (or it broke).</summary>
    public Task Ended => _reading;

    /// <summary>Opens the stream and returns once the server said it is connected.</summary>
    public static async Task<RawEventStream> ConnectAsync(HttpClient http, AuthenticationHeaderValue auth, string workstationId, long? lastEventId,
        int index, DeliveryLog log, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?workstation_id={Uri.EscapeDataString(workstationId)}");
        request.Headers.Authorization = auth;
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            await Api.EnsureAsync(response, "GET /api/events", HttpStatusCode.OK, ct);
            var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[16 * 1024];
            var length = 0;
            while (true)
            {
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) throw new InvalidOperationException("The event stream ended before it was connected.");
                length += read;
                var connected = buffer.AsSpan(0, length).IndexOf(": connected\n\n"u8);
                if (connected < 0) continue;
                var rest = connected + ": connected\n\n".Length;
                Array.Copy(buffer, rest, buffer, 0, length - rest);
                var stream = new RawEventStream(response, body, buffer, length - rest, index, log);
                if (lastEventId is { } resumed) Interlocked.Exchange(ref stream._lastId, resumed);
                return stream;
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task ReadAsync(Stream body, byte[] buffer, int length, int index, DeliveryLog log, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                length = Scan(buffer, length, index, log);
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) return;
                length += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            // The stream ended: the server stopped, or this side closed it.
        }
    }

    /// <returns>How many bytes of an incomplete frame are left at the start of the buffer.</returns>
    private int Scan(byte[] buffer, int length, int index, DeliveryLog log)
    {
        var span = buffer.AsSpan(0, length);
        var end = span.LastIndexOf(FrameEnd);
        if (end < 0) return length;
        var complete = span[..(end + 2)];
        var at = Stopwatch.GetTimestamp();

        var rest = complete;
        while (rest.IndexOf(CheckpointEvent) is var found and >= 0)
        {
            rest = rest[(found + CheckpointEvent.Length)..];
            var idAt = rest.IndexOf(CheckpointId);
            if (idAt < 0) break;
            var value = rest[(idAt + CheckpointId.Length)..];
            var close = value.IndexOf((byte)'"');
            log.Record(Encoding.ASCII.GetString(value[..close]), index, at);
            rest = value[close..];
        }

        // The newest id line; data lines hold JSON, which never has a raw line break.
        var line = complete.LastIndexOf("\nid: "u8);
        var idStart = line >= 0 ? line + 5 : complete.StartsWith(IdLine) ? IdLine.Length : -1;
        if (idStart >= 0 && Utf8Parser.TryParse(complete[idStart..], out long id, out _)) Interlocked.Exchange(ref _lastId, id);

        var left = length - complete.Length;
        Array.Copy(buffer, complete.Length, buffer, 0, left);
        return left;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException)
        {
        }
        _stop.Dispose();
    }
}
