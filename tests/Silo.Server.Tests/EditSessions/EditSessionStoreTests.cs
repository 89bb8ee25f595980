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
public sealed class EditSessionStoreTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private Editor _alice = null!;
    private Editor _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync("--maintenance-interval", "1.00:00:00");
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
    public async Task EndForCheckpointAsync_LiveSession_ReleasesIt()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;

        Assert.True(await EndForCheckpointAsync(_alice, sessionId));

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(_alice.Http, "PRT-100")).EnumerateArray());
        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(_alice.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal("checkpoint", released.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_LapsedWithoutNewerGrant_ReturnsFalseAndRecordsExpiryOnce()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;
        _server.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.False(await EndForCheckpointAsync(_alice, sessionId));
        await _server.RunMaintenanceAsync();

        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(_alice.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal("expired", released.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_LapsedAndRegrantedToOtherUser_ThrowsSuperseded()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;
        _server.Clock.Advance(TimeSpan.FromMinutes(3));
        var bob = await _bob.GrantAsync("PRT-100", "sketch", "Sketch001");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(_alice, sessionId));

        Assert.Equal(StatusCodes.Status409Conflict, problem.Status);
        Assert.Equal("superseded", problem.Extensions["code"]);
        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(_alice.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(bob.GetProperty("session_id").GetString(), live.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task EndForCheckpointAsync_OtherUsersOrUnknownSession_IsRefused()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString()!;

        Assert.Equal(StatusCodes.Status403Forbidden, (await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(_bob, sessionId))).Status);
        Assert.Equal(StatusCodes.Status404NotFound,
            (await Assert.ThrowsAsync<ProblemException>(() => EndForCheckpointAsync(_alice, Guid.NewGuid().ToString()))).Status);
        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(_alice.Http, "PRT-100")).EnumerateArray());
    }

    private async Task<bool> EndForCheckpointAsync(Editor editor, string sessionId)
    {
        var me = await HttpAssert.JsonAsync(await editor.Http.GetAsync("/api/me"), HttpStatusCode.OK);
        var user = new SiloUser(me.GetProperty("id").GetString()!, me.GetProperty("username").GetString()!, Role.Editor);
        var db = _server.Services.GetRequiredService<IDatabase>();
        var items = _server.Services.GetRequiredService<ItemStore>();
        var sessions = _server.Services.GetRequiredService<EditSessionStore>();
        return await db.WriteAsync(async s =>
            await sessions.EndForCheckpointAsync(s, await items.RequireAsync(s, "PRT-100", CancellationToken.None), sessionId, user, CancellationToken.None),
            CancellationToken.None);
    }
}
