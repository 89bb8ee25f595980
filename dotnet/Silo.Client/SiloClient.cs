using System.Net.Http.Json;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Client.Http;

namespace Silo.Client;

/// <summary>
/// <see cref="ISiloClient"/> over an <see cref="HttpClient"/> whose base address is the server and
/// which adds the bearer token (see <see cref="SiloClientServiceCollectionExtensions.AddSiloClient"/>).
/// The feature folders hold the endpoint methods; this file the transport they share.
/// </summary>
public sealed partial class SiloClient : ISiloClient
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly FileHashCache _hashes;

    /// <param name="time">The clock reconnect delays wait on; the system clock when null.</param>
    /// <param name="hashes">Hashes of files already read, shared by the clients of one container; a private one when null.</param>
    public SiloClient(HttpClient http, TimeProvider? time = null, FileHashCache? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _time = time ?? TimeProvider.System;
        _hashes = hashes ?? new FileHashCache();
    }

    private Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, body: null, ct);

    /// <param name="repeatable">The server treats this POST idempotently, so a retry after a lost answer is safe.</param>
    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, bool repeatable = false)
    {
        using var request = Request(method, path, body);
        if (repeatable) request.Options.Set(SiloRequestOptions.Repeatable, true);
        return await ExchangeAsync(request, content => ReadJsonAsync<T>(content, request, ct), ct).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct, bool repeatable = false)
    {
        using var request = Request(method, path, body);
        if (repeatable) request.Options.Set(SiloRequestOptions.Repeatable, true);
        await ExchangeAsync(request, _ => Task.FromResult(true), ct).ConfigureAwait(false);
    }

    /// <param name="path">Relative to the server's base address, or an absolute URL the server handed out.</param>
    private static HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: SiloClientJson.Options);
        return request;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContent content, HttpRequestMessage request, CancellationToken ct) =>
        await content.ReadFromJsonAsync<T>(SiloClientJson.Options, ct).ConfigureAwait(false)
        ?? throw new SiloApiException($"The server answered {request.Method} {request.RequestUri} with JSON null.");

    /// <summary>
    /// One request. Everything that can fail on the wire, including reading the body, happens
    /// inside, so a dropped connection or a timeout becomes <see cref="UnavailableException"/> no
    /// matter when it strikes; a cancellation the caller asked for stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(HttpRequestMessage request, Func<HttpContent, Task<T>> read, CancellationToken ct)
    {
        var what = $"{request.Method} {request.RequestUri}";
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw await ProblemMapper.ToExceptionAsync(response, ct).ConfigureAwait(false);
            return await read(response.Content).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            throw Unavailable(what, e, UnavailableException.ServerOf(request.RequestUri ?? _http.BaseAddress));
        }
    }

    /// <summary>
    /// Failures of the wire, not of the request: no connection, a broken one (HttpIOException, or
    /// the socket's IOException when a reset strikes while the body is read — a local file's
    /// IOException has no socket inside), or HttpClient's own timeout, which it reports as a
    /// cancellation the caller never asked for.
    /// </summary>
    private static bool IsTransportFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException or HttpIOException or IOException { InnerException: System.Net.Sockets.SocketException }
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private static UnavailableException Unavailable(string what, Exception e, Uri? server) => e switch
    {
        OperationCanceledException => new UnavailableException($"{what}: the Silo server did not answer in time.", e) { Server = server },
        HttpIOException or IOException => new UnavailableException($"{what}: the connection to the Silo server broke ({e.Message}).", e) { Server = server },
        _ => new UnavailableException($"{what}: the Silo server could not be reached ({e.Message}).", e) { Server = server },
    };

    private static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return Uri.EscapeDataString(value);
    }
}
