using System.Text;
using Silo.Server.Auth;

namespace Silo.Server.Hosting;

/// <summary>
/// One Information line per request, written when it ends: method, path, status, time, user. It
/// replaces the framework's own request lines (half a dozen each, with the full URL), which would
/// also copy every presigned URL's signature into the log; here a <c>sig</c> value is masked.
/// </summary>
internal sealed class RequestLog(RequestDelegate next, ILogger<RequestLog> log, TimeProvider time)
{
    /// <summary>Query parameters whose value is a credential: whoever reads the log could replay the URL.</summary>
    private static readonly HashSet<string> Secrets = new(StringComparer.OrdinalIgnoreCase) { "sig" };

    private const string Masked = "***";

    public async Task InvokeAsync(HttpContext http)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            if (log.IsEnabled(LogLevel.Information))
            {
                var status = http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted ? "aborted" : http.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                log.LogInformation("{Method} {Target} {Status} {ElapsedMs:0.0} ms {User}",
                    http.Request.Method, Target(http.Request), status, time.GetElapsedTime(started).TotalMilliseconds,
                    SiloUser.FromPrincipal(http.User)?.Username ?? "-");
            }
        }
    }

    /// <summary>Path and query as received, with secret query values masked.</summary>
    internal static string Target(HttpRequest request)
    {
        var target = new StringBuilder(request.PathBase.Value).Append(request.Path.Value);
        if (!request.QueryString.HasValue) return target.ToString();
        var separator = '?';
        foreach (var pair in request.QueryString.Value!.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            target.Append(separator).Append(Secrets.Contains(name) ? (equals < 0 ? pair : pair[..equals]) + "=" + Masked : pair);
            separator = '&';
        }
        return target.ToString();
    }
}
