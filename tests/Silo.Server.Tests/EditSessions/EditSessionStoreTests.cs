using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Auth;
using Silo.Server.EditSessions;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

/// <summary>The store's checkpoint path, called directly as the checkpoint endpoint calls it (inside its transaction).</summary>
public sealed class EditSessionStoreTests : TwoEditorsTest
{
    [Fact]
    public async Task EndForCheckpointAsync_LiveSession_ReleasesIt()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;

        Assert.True(await EndForCheckpointAsync(Alice, sessionId));

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(Alice.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal("checkpoint", released.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_LapsedWithoutNewerGrant_ReturnsFalseAndRecordsExpiryOnce()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;
        Server.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.False(await EndForCheckpointAsync(Alice, sessionId));
        await Server.RunMaintenanceAsync();

        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(Alice.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal("expired", released.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_LapsedAndRegrantedToOtherUser_ThrowsSuperseded()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;
        Server.Clock.Advance(TimeSpan.FromMinutes(3));
        var bob = await Bob.GrantAsync("PRT-100", "sketch", "Sketch001");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(Alice, sessionId));

        Assert.Equal(StatusCodes.Status409Conflict, problem.Status);
        Assert.Equal("superseded", problem.Extensions["code"]);
        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(bob.GetProperty("session_id").GetString(), live.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_OtherUsersOrUnknownSession_IsRefused()
    {
        var sessionId = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;

        Assert.Equal(StatusCodes.Status403Forbidden, (await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(Bob, sessionId))).Status);
        Assert.Equal(StatusCodes.Status404NotFound,
            (await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(Alice, Guid.NewGuid().ToString()))).Status);
        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
    }

    private async Task<bool> EndForCheckpointAsync(Editor editor, string sessionId)
    {
        var me = await HttpAssert.JsonAsync(await editor.Http.GetAsync("/api/me"), HttpStatusCode.OK);
        var user = new SiloUser(me.GetProperty("id").GetString()!, me.GetProperty("username").GetString()!, Role.Editor);
        var db = Server.Services.GetRequiredService<IDatabase>();
        var items = Server.Services.GetRequiredService<ItemStore>();
        var sessions = Server.Services.GetRequiredService<EditSessionStore>();
        return await db.WriteAsync(async s =>
            await sessions.EndForCheckpointAsync(s, await items.RequireAsync(s, "PRT-100", CancellationToken.None), sessionId, user, CancellationToken.None),
            CancellationToken.None);
    }
}
