using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Fanout;

/// <summary>
/// One workstation's event stream on its own connection, as the workbench holds it: it logs the
/// moment each subscription.checkpoint event has fully arrived, before parsing it.
/// </summary>
internal sealed class SseSubscriber : IAsyncDisposable
{
    private const string CheckpointEvent = "subscription.checkpoint";

    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    private SseSubscriber(HttpClient http, HttpResponseMessage response, StreamReader reader, int index, DeliveryLog log)
    {
        _http = http;
        _response = response;
        _stop = new CancellationTokenSource();
        _reading = Task.Run(() => ReadAsync(reader, index, log, _stop.Token));
    }

    /// <summary>Returns once the server has said the stream is connected: from then on no event for it is missed.</summary>
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
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line == ": connected") return new SseSubscriber(http, response, reader, index, log);
            }
            throw new InvalidOperationException("The event stream ended before it was connected.");
        }
        catch
        {
            response?.Dispose();
            http.Dispose();
            throw;
        }
    }

    private static async Task ReadAsync(StreamReader reader, int index, DeliveryLog log, CancellationToken ct)
    {
        using (reader)
        {
            string? type = null;
            string? data = null;
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (type == CheckpointEvent && data is not null)
                        {
                            var at = Stopwatch.GetTimestamp();
                            using var json = JsonDocument.Parse(data);
                            log.Record(json.RootElement.GetProperty("data").GetProperty("checkpoint_id").GetString()!, index, at);
                        }
                        (type, data) = (null, null);
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
                }
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
