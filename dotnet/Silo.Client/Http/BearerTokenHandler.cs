using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Silo.Client.Http;

/// <summary>
/// Adds the configured bearer token to every request to the Silo server. A handler rather than a
/// default header so the token is read per request: options reloaded at run time take effect
/// without a new client.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<SiloClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = options.CurrentValue;
        if (!string.IsNullOrEmpty(current.Token) && request.Headers.Authorization is null && IsServer(request.RequestUri, current.BaseAddress))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.Token);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// Presigned URLs carry their own authorisation and may point elsewhere (a CDN, object
    /// storage); the token goes only to the server's own origin, never to another host.
    /// </summary>
    private static bool IsServer(Uri? uri, Uri? server) =>
        uri is not null && server is not null && Uri.Compare(uri, server, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
