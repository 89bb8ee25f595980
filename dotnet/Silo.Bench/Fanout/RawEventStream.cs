using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Silo.Bench.Harness;

namespace Silo.Bench.Fanout;

/// <summary>
/// A workstation's event stream on its own connection, read the cheap way a load generator must
/// when thousands of streams each carry every public event: only subscription.checkpoint events have their data
/// looked at. It keeps the last event id (to resume after a restart) and logs when each
/// subscription.checkpoint arrived.
/// </summary>
internal sealed class RawEventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _lastId;

    private RawEventStream(HttpResponseMessage response, Stream body, long? lastEventId, int index, DeliveryLog log)
    {
        _response = response;
        if (lastEventId is { } resumed) _lastId = resumed;
        _reading = Task.Run(() => ReadAsync(body, index, log, _stop.Token));
    }

    public long LastId => Interlocked.Read(ref _lastId);

    /// <summary>Completes when the server ended the stream (or it broke).</summary>
    public Task Ended => _reading;

    /// <summary>
    /// Opens the stream and returns once the server has answered: it starts the response only after
    /// fixing the stream's position, so from then on no event for it is missed.
    /// </summary>
    public static async Task<RawEventStream> ConnectAsync(HttpClient http, AuthenticationHeaderValue auth, string workstationId, long? lastEventId,
        int index, DeliveryLog log, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?workstation_id={Uri.EscapeDataString(workstationId)}");
        request.Headers.Authorization = auth;
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            await Api.EnsureAsync(response, "GET /api/events", HttpStatusCode.OK, ct);
            return new RawEventStream(response, await response.Content.ReadAsStreamAsync(ct), lastEventId, index, log);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task ReadAsync(Stream body, int index, DeliveryLog log, CancellationToken ct)
    {
        await using (body)
        {
            try
            {
                var parser = CheckpointDeliveries.Parse(body);
                await foreach (var item in parser.EnumerateAsync(ct))
                {
                    if (item.Data is { } arrival) log.Record(arrival.CheckpointId, index, arrival.At);
                    if (long.TryParse(parser.LastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) Interlocked.Exchange(ref _lastId, id);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
            {
                // The stream ended: the server stopped, or this side closed it.
            }
        }
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
