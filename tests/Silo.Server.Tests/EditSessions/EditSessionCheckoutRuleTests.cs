using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

public sealed class EditSessionCheckoutRuleTests : TwoEditorsTest
{
    [Fact]
    public async Task EnsureCheckoutAllowed_OtherUserHoldsLiveSession_Refuses409NamingSessionHolder()
    {
        var grant = await Alice.GrantAsync("PRT-100", "partdesign", "Body");

        var problem = await HttpAssert.ProblemAsync(await Bob.Http.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Conflict);

        var holder = problem.GetProperty("holder");
        Assert.Equal(grant.GetProperty("session_id").GetString(), holder.GetProperty("session_id").GetString());
        Assert.Equal("alice", holder.GetProperty("user").GetString());
        Assert.Equal("alice-pc", holder.GetProperty("workstation").GetString());
        Assert.Equal("partdesign", holder.GetProperty("context_level").GetString());
        Assert.Equal("Body", holder.GetProperty("object_id").GetString());
        Assert.Contains("alice", problem.GetProperty("detail").GetString());
        var status = await HttpAssert.JsonAsync(await Bob.Http.GetAsync("/api/items/PRT-100/lock"), HttpStatusCode.OK);
        Assert.False(status.GetProperty("locked").GetBoolean());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(Bob.Http)).OfType("item.locked"));
    }

    [Fact]
    public async Task EnsureCheckoutAllowed_OwnSessionOnly_AllowsCheckout()
    {
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");

        Assert.Equal(HttpStatusCode.Created, (await Alice.Http.PostAsync("/api/items/PRT-100/lock", null)).StatusCode);
    }

    [Fact]
    public async Task EnsureCheckoutAllowed_AfterOtherUserReleases_AllowsCheckout()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        await HttpAssert.ProblemAsync(await Bob.Http.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{sessionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Bob.Http.PostAsync("/api/items/PRT-100/lock", null)).StatusCode);
        // And now the other direction: bob's check-out keeps alice from editing inside the item.
        var problem = await HttpAssert.ProblemAsync(await Alice.AcquireAsync("PRT-100", "sketch", "Sketch001"), HttpStatusCode.Conflict);
        Assert.Equal("item", problem.GetProperty("holder").GetProperty("context_level").GetString());
    }
}
