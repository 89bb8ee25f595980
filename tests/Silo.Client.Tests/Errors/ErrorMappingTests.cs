using System.Net;
using System.Net.Sockets;
using Silo.Client.Errors;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Errors;

/// <summary>How failures reach callers: typed by status, and transport failures as <see cref="UnavailableException"/>.</summary>
public sealed class ErrorMappingTests : ClientTestBase
{
    [Fact]
    public async Task AnyCall_UnknownToken_ThrowsAuthUnauthorizedWithProblem()
    {
        var stranger = ClientFor("not-a-token");

        var e = await Assert.ThrowsAsync<AuthException>(() => stranger.ListWorkstationsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(401, e.Problem.Status);
    }

    [Fact]
    public async Task AnyCall_NoToken_ThrowsAuthUnauthorized()
    {
        var anonymous = ClientFor(token: null);

        var e = await Assert.ThrowsAsync<AuthException>(() => anonymous.ListWorkstationsAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
    }

    [Fact]
    public async Task NotFound_CarriesServerDetailAsMessage()
    {
        var e = await Assert.ThrowsAsync<NotFoundException>(() => Alice.GetEditSessionsAsync("NO-SUCH"));

        Assert.Equal(e.Problem.Detail, e.Message);
        Assert.Contains("NO-SUCH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_ServerStopped_ThrowsUnavailableWithoutStatus()
    {
        await Alice.ListWorkstationsAsync();
        await Server.StopAsync();

        var e = await Assert.ThrowsAsync<UnavailableException>(() => Alice.ListWorkstationsAsync());

        Assert.Null(e.StatusCode);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task AnyCall_ServerRestarted_WorksAgain()
    {
        await Server.StopAsync();
        await Assert.ThrowsAsync<UnavailableException>(() => Alice.ListWorkstationsAsync());

        await Server.RestartAsync();

        Assert.Empty(await Alice.ListWorkstationsAsync());
    }

    [Fact]
    public async Task AnyCall_ServerNeverAnswers_ThrowsUnavailableAfterTimeout()
    {
        // A socket that accepts connections and never answers: the client's own timeout must fire.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        var client = ClientFor(AliceToken, timeout: TimeSpan.FromMilliseconds(300), baseAddress: address);

        var e = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());

        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public async Task AnyCall_CallerCancels_ThrowsOperationCanceledNotUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        var client = ClientFor(AliceToken, timeout: TimeSpan.FromSeconds(30), baseAddress: address);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListWorkstationsAsync(cts.Token));

        Assert.Equal(cts.Token, e.CancellationToken);
    }
}
