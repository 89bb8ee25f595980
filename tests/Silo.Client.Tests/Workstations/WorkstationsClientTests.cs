using System.Net;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Workstations;

public sealed class WorkstationsClientTests : ClientTestBase
{
    [Fact]
    public async Task RegisterWorkstationAsync_NewFingerprint_ReturnsTypedWorkstation()
    {
        var now = Server.Clock.GetUtcNow();

        var ws = await Alice.RegisterWorkstationAsync("bench-1", Fingerprint("bench-1"));

        Assert.False(string.IsNullOrEmpty(ws.Id));
        Assert.Equal("bench-1", ws.Name);
        Assert.Equal(Fingerprint("bench-1"), ws.Fingerprint);
        Assert.Equal(now, ws.CreatedAt);
    }

    [Fact]
    public async Task RegisterWorkstationAsync_SameFingerprintTwice_ReturnsSameRegistration()
    {
        var first = await Alice.RegisterWorkstationAsync("bench-1", Fingerprint("bench-1"));

        var second = await Alice.RegisterWorkstationAsync("bench-1", Fingerprint("bench-1"));

        Assert.Equal(first.Id, second.Id);
        Assert.Single(await Alice.ListWorkstationsAsync());
    }

    [Fact]
    public async Task RegisterWorkstationAsync_FingerprintNotSha256_ThrowsValidationNamingField()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Alice.RegisterWorkstationAsync("bench-1", "not-a-digest"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Contains("fingerprint", e.Errors.Keys);
        Assert.Empty(await Alice.ListWorkstationsAsync());
    }

    [Fact]
    public async Task ListWorkstationsAsync_TwoUsers_ReturnsOnlyOwn()
    {
        var mine = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));
        await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"));

        var listed = await Alice.ListWorkstationsAsync();

        Assert.Equal([mine.Id], listed.Select(w => w.Id));
    }

    [Fact]
    public async Task DeleteWorkstationAsync_Own_RemovesItAndSecondDeleteIsNotFound()
    {
        var ws = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));

        await Alice.DeleteWorkstationAsync(ws.Id);

        Assert.Empty(await Alice.ListWorkstationsAsync());
        var e = await Assert.ThrowsAsync<NotFoundException>(() => Alice.DeleteWorkstationAsync(ws.Id));
        Assert.Equal(404, e.Problem.Status);
    }

    [Fact]
    public async Task DeleteWorkstationAsync_AnotherUsers_ThrowsAuthException()
    {
        var bobs = await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"));

        var e = await Assert.ThrowsAsync<AuthException>(() => Alice.DeleteWorkstationAsync(bobs.Id));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Single(await Bob.ListWorkstationsAsync());
    }

    [Fact]
    public async Task HeartbeatAsync_WithLiveSession_RenewsItsLease()
    {
        await Server.CreateItemAsync("PRT-1");
        var ws = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));
        var session = await Alice.AcquireEditSessionAsync("PRT-1", ws.Id, ContextLevels.PartDesign, "Body", []);
        Server.Clock.Advance(TimeSpan.FromSeconds(90));

        var beat = await Alice.HeartbeatAsync(ws.Id);

        Assert.Equal(1, beat.Renewed);
        Assert.True(beat.ExpiresAt > session.ExpiresAt);
        var live = Assert.Single(await Alice.GetEditSessionsAsync("PRT-1"));
        Assert.Equal(beat.ExpiresAt, live.ExpiresAt);
    }

    [Fact]
    public async Task HeartbeatAsync_UnknownWorkstation_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.HeartbeatAsync("no-such-workstation"));
    }

    [Fact]
    public async Task WatchItemsAsync_OpenItem_ItsSessionEventsReachTheWorkstation()
    {
        await Server.CreateItemAsync("PRT-1");
        await Server.CreateItemAsync("PRT-2");
        var alices = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));
        var bobs = await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"));

        await Bob.WatchItemsAsync(bobs.Id, ["PRT-1"]);
        await Alice.AcquireEditSessionAsync("PRT-1", alices.Id, ContextLevels.Sketch, "Sketch001", []);
        await Alice.AcquireEditSessionAsync("PRT-2", alices.Id, ContextLevels.Sketch, "Sketch001", []);

        var told = (await ServerKit.EventsAsync(Server, BobToken, bobs.Id)).Where(e => e.Type() == EventTypes.EditSessionAcquired).ToList();
        Assert.Equal(["PRT-1"], told.Select(e => e.GetProperty("data").GetProperty("part_number").GetString()));
    }

    [Fact]
    public async Task WatchItemsAsync_AnotherUsersWorkstation_ThrowsAuthException()
    {
        var bobs = await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"));

        var e = await Assert.ThrowsAsync<AuthException>(() => Alice.WatchItemsAsync(bobs.Id, ["PRT-1"]));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }

    [Fact]
    public async Task GetPresenceAsync_WatchedItem_ReturnsItsTypedSessions()
    {
        await Server.CreateItemAsync("PRT-1");
        var alices = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));
        var bobs = await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"));
        var session = await Alice.AcquireEditSessionAsync("PRT-1", alices.Id, ContextLevels.PartDesign, "Body", []);
        Assert.Empty(await Bob.GetPresenceAsync(bobs.Id));

        await Bob.WatchItemsAsync(bobs.Id, ["PRT-1"]);

        var item = Assert.Single(await Bob.GetPresenceAsync(bobs.Id));
        Assert.Equal("PRT-1", item.PartNumber);
        var live = Assert.Single(item.Sessions);
        Assert.Equal((session.SessionId, "alice", "alice-pc", ContextLevels.PartDesign, "Body"),
            (live.SessionId, live.User, live.Workstation, live.ContextLevel, live.ObjectId));
    }
}
