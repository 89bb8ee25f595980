using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Http;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public IAsyncEnumerable<SiloEvent> StreamEventsAsync(string? workstationId = null, long? lastEventId = null, CancellationToken ct = default) =>
        StreamAsync(workstationId, lastEventId, opened: null, ct);

    /// <param name="opened">Called once the server has accepted the stream, before any event.</param>
    private async IAsyncEnumerable<SiloEvent> StreamAsync(
        string? workstationId, long? lastEventId, Action? opened, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = workstationId is null ? "api/events" : "api/events?workstation_id=" + Uri.EscapeDataString(workstationId);
        using var request = Request(HttpMethod.Get, path, body: null);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } last) request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        using var response = await OpenAsync(request, ct).ConfigureAwait(false);
        // The server starts its response only once the stream's position is fixed, so the headers
        // arriving are the sign that the stream is open; its ": connected" comment is for readers
        // that see comments.
        opened?.Invoke();
        using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var parser = EventPayloadDecoder.ParseStream(body);
        var events = parser.EnumerateAsync(ct).GetAsyncEnumerator(ct);
        await using (events.ConfigureAwait(false))
        {
            while (await NextAsync(events, parser, path, ct).ConfigureAwait(false))
                if (events.Current.Data is { } parsed) yield return parsed;
        }
    }

    /// <returns>False when the server ended the stream.</returns>
    private async Task<bool> NextAsync(IAsyncEnumerator<SseItem<SiloEvent?>> events, SseParser<SiloEvent?> parser, string path, CancellationToken ct)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new SiloApiException($"The event stream sent an event that is not a Silo event (id {parser.LastEventId}): {e.Message}", e);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            throw Unavailable($"GET {path}", e, UnavailableException.ServerOf(_http.BaseAddress));
        }
    }

    /// <summary>Sends a request and returns its successful response unread (for streams).</summary>
    private async Task<HttpResponseMessage> OpenAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            throw Unavailable($"{request.Method} {request.RequestUri}", e, UnavailableException.ServerOf(request.RequestUri ?? _http.BaseAddress));
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ProblemMapper.ToExceptionAsync(response, ct).ConfigureAwait(false);
    }
}
