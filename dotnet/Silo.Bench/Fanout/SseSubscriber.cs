using System.Net;
using System.Net.Http.Headers;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Fanout;

/// <summary>
/// One workstation's event stream on its own connection, as the workbench holds it: it logs the
/// moment each subscription.checkpoint event has fully arrived, before reading its data.
/// </summary>
internal sealed class SseSubscriber : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    private SseSubscriber(HttpClient http, HttpResponseMessage response, Stream body, int index, DeliveryLog log)
    {
        _http = http;
        _response = response;
        _stop = new CancellationTokenSource();
        _reading = Task.Run(() => ReadAsync(body, index, log, _stop.Token));
    }

    /// <summary>
    /// Returns once the server has answered: it starts the response only after fixing the stream's
    /// position, so from then on no event for it is missed.
    /// </summary>
    public static async Task<SseSubscriber> ConnectAsync(BenchServer server, AuthenticationHeaderValue auth, string workstationId, int index,
        DeliveryLog log, CancellationToken ct)
    {
        var http = server.CreateClient(Timeout.InfiniteTimeSpan);
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?workstation_id={Uri.EscapeDataString(workstationId)}");
            request.Headers.Authorization = auth;
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await Api.EnsureAsync(response, "GET /api/events", HttpStatusCode.OK, ct);
            return new SseSubscriber(http, response, await response.Content.ReadAsStreamAsync(ct), index, log);
        }
        catch
        {
            response?.Dispose();
            http.Dispose();
            throw;
        }
    }

    private static async Task ReadAsync(Stream body, int index, DeliveryLog log, CancellationToken ct)
    {
        await using (body)
        {
            try
            {
                await foreach (var item in CheckpointDeliveries.Parse(body).EnumerateAsync(ct))
                    if (item.Data is { } arrival) log.Record(arrival.CheckpointId, index, arrival.At);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (IOException) when (ct.IsCancellationRequested)
            {
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
            // Disposing the response under a pending read ends it either way.
        }
        _http.Dispose();
        _stop.Dispose();
    }
}
