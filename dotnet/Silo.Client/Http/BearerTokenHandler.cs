using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Silo.Client.Http;

/// <summary>
/// Adds the configured bearer token to every request. A handler rather than a default header so
/// the token is read per request: options reloaded at run time take effect without a new client.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<SiloClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = options.CurrentValue.Token;
        if (!string.IsNullOrEmpty(token) && request.Headers.Authorization is null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
