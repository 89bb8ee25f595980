using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Health;

public sealed class HealthApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_WithoutToken_Returns200Ok()
    {
        using var anonymous = _server.Client();

        using var response = await anonymous.GetAsync("/health");

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("ok", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_WithBadToken_StillReturns200()
    {
        // A load balancer's probe must not depend on credentials, even stale ones.
        using var client = _server.Client("silo_stale");

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
