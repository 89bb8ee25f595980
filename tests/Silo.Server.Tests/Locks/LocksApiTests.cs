using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

public sealed class LocksApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Acquire_ByOtherUserWhileHeld_Returns409NamingHolder()
    {
        using var alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));

        var taken = await HttpAssert.JsonAsync(await alice.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Created);
        Assert.Equal("alice", taken.GetProperty("locked_by").GetString());

        var problem = await HttpAssert.ProblemAsync(await bob.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Conflict);
        Assert.Equal("alice", problem.GetProperty("holder").GetProperty("locked_by").GetString());
    }
}
