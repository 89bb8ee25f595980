using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

public sealed class EditSessionCheckoutRuleTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private Editor _alice = null!;
    private Editor _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100");
        _alice = await _server.CreateEditorAsync("alice");
        _bob = await _server.CreateEditorAsync("bob");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task EnsureCheckoutAllowed_OtherUserHoldsLiveSession_Refuses409NamingSessionHolder()
    {
        var grant = await _alice.GrantAsync("PRT-100", "partdesign", "Body");

        var problem = await HttpAssert.ProblemAsync(await _bob.Http.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Conflict);

        var holder = problem.GetProperty("holder");
        Assert.Equal(grant.GetProperty("session_id").GetString(), holder.GetProperty("session_id").GetString());
        Assert.Equal("alice", holder.GetProperty("user").GetString());
        Assert.Equal("alice-pc", holder.GetProperty("workstation").GetString());
        Assert.Equal("partdesign", holder.GetProperty("context_level").GetString());
        Assert.Equal("Body", holder.GetProperty("object_id").GetString());
        Assert.Contains("alice", problem.GetProperty("detail").GetString());
        var status = await HttpAssert.JsonAsync(await _bob.Http.GetAsync("/api/items/PRT-100/lock"), HttpStatusCode.OK);
        Assert.False(status.GetProperty("locked").GetBoolean());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(_bob.Http)).OfType("item.locked"));
    }

    [Fact]
    public async Task EnsureCheckoutAllowed_OwnSessionOnly_AllowsCheckout()
    {
        await _alice.GrantAsync("PRT-100", "sketch", "Sketch001");

        Assert.Equal(HttpStatusCode.Created, (await _alice.Http.PostAsync("/api/items/PRT-100/lock", null)).StatusCode);
    }

    [Fact]
    public async Task EnsureCheckoutAllowed_AfterOtherUserReleases_AllowsCheckout()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        await HttpAssert.ProblemAsync(await _bob.Http.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{sessionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await _bob.Http.PostAsync("/api/items/PRT-100/lock", null)).StatusCode);
        // And now the other direction: bob's check-out keeps alice from editing inside the item.
        var problem = await HttpAssert.ProblemAsync(await _alice.AcquireAsync("PRT-100", "sketch", "Sketch001"), HttpStatusCode.Conflict);
        Assert.Equal("item", problem.GetProperty("holder").GetProperty("context_level").GetString());
    }
}
