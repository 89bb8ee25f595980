using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Silo.Testing;

/// <summary>One received server-sent event; <see cref="Comment"/> is set for keep-alive lines.</summary>
public sealed record SseMessage(string? Id, string? Type, string? Data, string? Comment)
{
    public JsonElement Json => JsonDocument.Parse(Data ?? "null").RootElement;
}

/// <summary>A minimal SSE reader over a real HTTP connection, for tests.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> ConnectAsync(HttpClient client, string? lastEventId = null, string path = "/api/events", CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var stream = await response.Content.ReadAsStreamAsync(ct);
        return new SseClient(response, new StreamReader(stream, Encoding.UTF8));
    }

    /// <summary>The next message, comments included; null when the server closed the stream.</summary>
    public async Task<SseMessage?> ReadAsync(CancellationToken ct)
    {
        string? id = null, type = null, comment = null;
        var data = new StringBuilder();
        var any = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct);
            if (line is null) return any ? new SseMessage(id, type, data.Length > 0 ? data.ToString() : null, comment) : null;
            if (line.Length == 0)
            {
                if (!any) continue;
                return new SseMessage(id, type, data.Length > 0 ? data.ToString() : null, comment);
            }
            any = true;
            if (line.StartsWith(':')) comment = line[1..].Trim();
            else if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
            else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line[5..].TrimStart());
        }
    }

    /// <summary>The next real event, skipping comments and retry hints.</summary>
    public async Task<SseMessage?> ReadEventAsync(CancellationToken ct)
    {
        while (await ReadAsync(ct) is { } message)
            if (message.Type is not null) return message;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
