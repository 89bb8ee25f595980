using System.Net;
using System.Net.Sockets;

namespace Silo.Client.Http;

/// <summary>Which failures a retry may cure, and which requests may be repeated at all.</summary>
internal static class TransientFailures
{
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>A gateway's word that the server behind it is down or unreachable.</summary>
    public static bool IsServerDown(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// GET, HEAD, PUT, DELETE by their HTTP meaning; a POST only with an Idempotency-Key or marked
    /// <see cref="SiloRequestOptions.Repeatable"/>, since repeating another POST could do its work twice.
    /// </summary>
    public static bool MayRepeat(HttpRequestMessage request)
    {
        if (request.Is(SiloRequestOptions.NoRetry)) return false;
        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete
            || request.Headers.Contains("Idempotency-Key") || request.Is(SiloRequestOptions.Repeatable);
    }

    /// <summary>A refused connection never reached the server, so even a non-repeatable request is safe to send again.</summary>
    public static bool NeverSent(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}
