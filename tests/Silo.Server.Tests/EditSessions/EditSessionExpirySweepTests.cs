using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

public sealed class EditSessionExpirySweepTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    private SiloTestServer _server = null!;
    private Editor _alice = null!;
    private Editor _bob = null!;

    public async Task InitializeAsync()
    {
        // Maintenance runs only when a test asks, so "lapsed but not yet swept" can be observed.
        _server = await SiloTestServer.StartAsync("--session-ttl", "00:02:00", "--maintenance-interval", "1.00:00:00");
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
    public async Task RunAsync_LapsedLease_IsGoneAtOnceAndReportedAsExpiredBySweep()
    {
        var sessionId = (await _alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
        _server.Clock.Advance(Ttl);

        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(_bob.Http, "PRT-100")).EnumerateArray());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(_bob.Http)).OfType("edit.session_released"));

        await _server.RunMaintenanceAsync();
        await _server.RunMaintenanceAsync();

        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(_bob.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal(sessionId, released.GetProperty("session_id").GetString());
        Assert.Equal("expired", released.GetProperty("reason").GetString());
        var bob = await _bob.GrantAsync("PRT-100", "sketch", "Sketch001");
        Assert.Equal("none", bob.GetProperty("interference").GetString());
    }

    [Fact]
    public async Task RunAsync_LapsedLeaseNotYetSwept_NoLongerBlocksOthers()
    {
        await _alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);
        _server.Clock.Advance(Ttl + TimeSpan.FromSeconds(1));

        var bob = await _bob.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001"]);

        Assert.Equal("none", bob.GetProperty("interference").GetString());
        Assert.Equal(HttpStatusCode.Created, (await _bob.Http.PostAsync("/api/items/PRT-100/lock", null)).StatusCode);
    }

    [Fact]
    public async Task Heartbeat_KeepsLeaseAlivePastOriginalTtl()
    {
        var grant = await _alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        var originalExpiry = grant.GetProperty("expires_at").GetDateTimeOffset();

        for (var i = 0; i < 3; i++)
        {
            _server.Clock.Advance(TimeSpan.FromSeconds(90));
            var beat = await HttpAssert.JsonAsync(await _alice.Http.PostAsync($"/api/workstations/{_alice.WorkstationId}/heartbeat", null), HttpStatusCode.OK);
            Assert.Equal(1, beat.GetProperty("renewed").GetInt32());
            Assert.Equal(_server.Clock.GetUtcNow() + Ttl, beat.GetProperty("expires_at").GetDateTimeOffset());
        }
        _server.Clock.Advance(TimeSpan.FromSeconds(90));
        await _server.RunMaintenanceAsync();

        Assert.True(_server.Clock.GetUtcNow() > originalExpiry);
        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(_bob.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(grant.GetProperty("session_id").GetString(), live.GetProperty("session_id").GetString());
        await HttpAssert.ProblemAsync(await _bob.AcquireAsync("PRT-100", "sketch", "Sketch001"), HttpStatusCode.Conflict);
        Assert.Empty((await EditSessionTestKit.HistoryAsync(_bob.Http)).OfType("edit.session_released"));

        // Without heartbeats the lease runs out after all.
        _server.Clock.Advance(TimeSpan.FromSeconds(30));
        await _server.RunMaintenanceAsync();
        Assert.Equal("expired", Assert.Single((await EditSessionTestKit.HistoryAsync(_bob.Http)).OfType("edit.session_released"))
            .GetProperty("data").GetProperty("reason").GetString());
        var beatAfter = await HttpAssert.JsonAsync(await _alice.Http.PostAsync($"/api/workstations/{_alice.WorkstationId}/heartbeat", null), HttpStatusCode.OK);
        Assert.Equal(0, beatAfter.GetProperty("renewed").GetInt32());
        Assert.Empty((await EditSessionTestKit.LiveSessionsAsync(_bob.Http, "PRT-100")).EnumerateArray());
    }

    [Fact]
    public async Task RunAsync_ExpiryOfOverlappingSession_SendsInterferenceResolvedToRemainingParty()
    {
        var alice = await _alice.GrantAsync("PRT-100", "sketch", "Sketch001", ["Pad001", "Fillet001"]);
        _server.Clock.Advance(TimeSpan.FromSeconds(60));
        var bob = await _bob.GrantAsync("PRT-100", "sketch", "Sketch002", ["Fillet001"]);
        Assert.Equal("soft", bob.GetProperty("interference").GetString());
        await using var bobStream = await EditSessionTestKit.StreamAsync(_bob.Http, _bob.WorkstationId);

        _server.Clock.Advance(TimeSpan.FromSeconds(60));
        await _server.RunMaintenanceAsync();

        var resolved = (await bobStream.ReadUntilAsync("edit.interference_resolved")).Json.GetProperty("data");
        Assert.Equal(bob.GetProperty("session_id").GetString(), resolved.GetProperty("session_id").GetString());
        Assert.Equal(alice.GetProperty("session_id").GetString(), resolved.GetProperty("resolved_session_id").GetString());
        Assert.Equal("alice", resolved.GetProperty("resolved_user").GetString());
        Assert.Equal("expired", resolved.GetProperty("reason").GetString());
        // Addressed to bob's workstation: alice's plain stream history does not hold it.
        Assert.Empty((await EditSessionTestKit.HistoryAsync(_alice.Http)).OfType("edit.interference_resolved"));
    }
}
