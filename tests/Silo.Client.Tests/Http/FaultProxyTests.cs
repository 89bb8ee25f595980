using System.Net;
using System.Net.Sockets;
using Silo.Testing;

namespace Silo.Client.Tests.Http;

/// <summary>The test tool itself: faults that outlive a test must not outlive the proxy.</summary>
public sealed class FaultProxyTests
{
    [Fact]
    public async Task DisposeAsync_StalledConnectionOpen_ClosesItAndCompletes()
    {
        // Nothing listens on the target: a stalled request never reaches it.
        var proxy = FaultProxy.Start(new Uri("http://127.0.0.1:9/"));
        proxy.Stall();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /api/items HTTP/1.1\r\nHost: silo\r\n\r\n"u8.ToArray());

        await proxy.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ended = await ReadEndAsync(stream, timeout.Token);
        Assert.True(ended, "the stalled connection stayed open after DisposeAsync");
        Assert.Equal(1, proxy.Connections);
    }

    [Fact]
    public async Task Answer503_NextRequests_AnswersWithoutServerThenPassesThrough()
    {
        // Nothing listens on the target, so only the proxy's own 503s can answer.
        await using var proxy = FaultProxy.Start(new Uri("http://127.0.0.1:9/"));
        proxy.Answer503(1, retryAfterZero: true);
        proxy.Answer503(1, retryAfterZero: false);
        using var http = new HttpClient { BaseAddress = proxy.BaseAddress };

        using var first = await http.GetAsync(new Uri("api/items", UriKind.Relative));
        using var second = await http.GetAsync(new Uri("api/items", UriKind.Relative));
        var third = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("api/items", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.Zero, first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Null(second.Headers.RetryAfter);
        Assert.Null(third.StatusCode);
        Assert.Equal(["Answer503", "Answer503", "PassThrough"], proxy.Requests.Select(r => r.Fault));
    }

    /// <returns>True when the peer closed or reset the connection.</returns>
    private static async Task<bool> ReadEndAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, ct) > 0)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
