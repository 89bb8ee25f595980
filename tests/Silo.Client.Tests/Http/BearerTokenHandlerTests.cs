using System.Net;
using System.Net.Sockets;
using System.Text;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Http;

public sealed class BearerTokenHandlerTests : ClientTestBase
{
    /// <summary>
    /// Accepts one connection on another loopback port, records the request head and answers 404.
    /// It stands for a foreign host a presigned URL could point to; the test looks only at what the
    /// client sent it.
    /// </summary>
    private static async Task<string> CaptureOneRequestAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        var buffer = new byte[8192];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0) break;
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), SocketFlags.None, ct);
        return head.ToString();
    }

    [Fact]
    public async Task DownloadFileAsync_UrlOnAnotherHost_SendsNoToken()
    {
        using var foreign = new TcpListener(IPAddress.Loopback, 0);
        foreign.Start();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var captured = CaptureOneRequestAsync(foreign, timeout.Token);
        var url = $"http://127.0.0.1:{((IPEndPoint)foreign.LocalEndpoint).Port}/blobs/abc?sig=x";

        await Assert.ThrowsAsync<Silo.Client.Errors.NotFoundException>(
            () => Alice.DownloadFileAsync(url, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "x.FCStd"), ct: timeout.Token));

        var head = await captured;
        Assert.StartsWith("GET /blobs/abc?sig=x ", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnyCall_OwnServer_SendsToken()
    {
        // The server answers 401 without the token; a listing proves it was sent.
        Assert.Empty(await Alice.ListWorkstationsAsync());
    }
}
