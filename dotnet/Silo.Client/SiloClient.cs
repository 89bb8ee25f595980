using System.Net.Http.Json;
using Silo.Client.Errors;
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

    public SiloClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    private Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, body: null, ct);

    private Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) =>
        ExchangeAsync(method, path, body, async content =>
            await content.ReadFromJsonAsync<T>(SiloClientJson.Options, ct).ConfigureAwait(false)
            ?? throw new SiloApiException($"The server answered {method} {path} with JSON null."), ct);

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct) =>
        await ExchangeAsync(method, path, body, _ => Task.FromResult(true), ct).ConfigureAwait(false);

    /// <summary>
    /// One request. Everything that can fail on the wire, including reading the body, happens
    /// inside, so a dropped connection or a timeout becomes <see cref="UnavailableException"/> no
    /// matter when it strikes; a cancellation the caller asked for stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(HttpMethod method, string path, object? body, Func<HttpContent, Task<T>> read, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: SiloClientJson.Options);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw await ProblemMapper.ToExceptionAsync(response, ct).ConfigureAwait(false);
            return await read(response.Content).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new UnavailableException($"{method} {path}: the Silo server could not be reached ({e.Message}).", e);
        }
        catch (IOException e)
        {
            throw new UnavailableException($"{method} {path}: the connection to the Silo server broke ({e.Message}).", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation the caller never asked for.
            throw new UnavailableException($"{method} {path}: the Silo server did not answer in time.", e);
        }
    }

    private static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return Uri.EscapeDataString(value);
    }
}
