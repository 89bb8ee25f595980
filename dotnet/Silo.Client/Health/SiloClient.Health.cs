using Silo.Client.Http;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public async Task<bool> ProbeAsync(CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("health", UriKind.Relative));
        request.Options.Set(SiloRequestOptions.Probe, true);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (IsTransportFailure(e, ct))
        {
            return false;
        }
    }
}
