using System.Net;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.EditSessions;

public sealed class EditSessionsClientTests : ClientTestBase
{
    private const string Part = "PRT-100";
    private string _aliceWs = "";
    private string _bobWs = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync(Part);
        _aliceWs = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        _bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
    }

    [Fact]
    public async Task AcquireEditSessionAsync_FreeObject_ReturnsNoneWithFencingTokenAndLease()
    {
        var now = Server.Clock.GetUtcNow();

        var result = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", ["Pad001"]);

        Assert.False(string.IsNullOrEmpty(result.SessionId));
        Assert.Equal(InterferenceLevels.None, result.Interference);
        Assert.Empty(result.Conflicts);
        Assert.True(result.FencingToken > 0);
        Assert.Equal(now, result.AcquiredAt);
        Assert.True(result.ExpiresAt > now);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_SecondGrantOnItem_FencingTokenGrows()
    {
        var first = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);

        var second = await Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.Sketch, "Sketch002", []);

        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_SameObjectHeldByOtherUser_ThrowsHardInterferenceWithHolderSessionId()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", ["Pad001"]);

        var e = await Assert.ThrowsAsync<HardInterferenceException>(
            () => Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.PartDesign, "Body", ["Pad001"]));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("hard_interference", e.Problem.Code);
        Assert.NotNull(e.Holder);
        Assert.Equal(alices.SessionId, e.Holder.SessionId);
        Assert.Equal("alice", e.Holder.User);
        Assert.Equal("alice-pc", e.Holder.Workstation);
        Assert.Equal(ContextLevels.PartDesign, e.Holder.ContextLevel);
        Assert.Equal("Body", e.Holder.ObjectId);
        Assert.Equal(alices.AcquiredAt, e.Holder.AcquiredAt);
        Assert.Single(await Bob.GetEditSessionsAsync(Part));
    }

    [Fact]
    public async Task AcquireEditSessionAsync_ItemCheckedOutByOtherUser_ThrowsHardInterferenceWithItemHolder()
    {
        await ServerKit.LockAsync(Server, AliceToken, Part);

        var e = await Assert.ThrowsAsync<HardInterferenceException>(
            () => Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.Sketch, "Sketch001", []));

        Assert.Equal("item_locked", e.Problem.Code);
        Assert.NotNull(e.Holder);
        Assert.Null(e.Holder.SessionId);
        Assert.Equal("alice", e.Holder.User);
        Assert.Equal("item", e.Holder.ContextLevel);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_OverlappingCones_ReturnsSoftWithSharedNodes()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", ["Pad001", "Fillet001"]);

        var bobs = await Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.Sketch, "Sketch002", ["Pocket001", "Fillet001"]);

        Assert.Equal(InterferenceLevels.Soft, bobs.Interference);
        var conflict = Assert.Single(bobs.Conflicts);
        Assert.Equal(alices.SessionId, conflict.SessionId);
        Assert.Equal("alice", conflict.User);
        Assert.Equal(ContextLevels.Sketch, conflict.ContextLevel);
        Assert.Equal("Sketch001", conflict.ObjectId);
        Assert.Equal(["Fillet001"], conflict.SharedNodes);
        Assert.False(string.IsNullOrWhiteSpace(conflict.Message));
    }

    [Fact]
    public async Task AcquireEditSessionAsync_OwnNestedSketch_ReturnsNone()
    {
        await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", ["Sketch001", "Pad001"]);

        var sketch = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", ["Pad001"]);

        Assert.Equal(InterferenceLevels.None, sketch.Interference);
        Assert.Equal(2, (await Alice.GetEditSessionsAsync(Part)).Count);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_UnknownContextLevel_ThrowsValidationNamingField()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(
            () => Alice.AcquireEditSessionAsync(Part, _aliceWs, "drawing", "Page", []));

        Assert.Contains("context_level", e.Errors.Keys);
        Assert.Empty(await Alice.GetEditSessionsAsync(Part));
    }

    [Fact]
    public async Task AcquireEditSessionAsync_UnknownItem_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(
            () => Alice.AcquireEditSessionAsync("NO-SUCH", _aliceWs, ContextLevels.Sketch, "Sketch001", []));
    }

    [Fact]
    public async Task AcquireEditSessionAsync_AsViewer_ThrowsAuthForbidden()
    {
        var e = await Assert.ThrowsAsync<AuthException>(
            () => Viewer.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }

    [Fact]
    public async Task ReleaseEditSessionAsync_Own_EndsSessionAndFreesObjectForOthers()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);

        await Alice.ReleaseEditSessionAsync(Part, alices.SessionId);

        Assert.Empty(await Alice.GetEditSessionsAsync(Part));
        var bobs = await Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.PartDesign, "Body", []);
        Assert.Equal(InterferenceLevels.None, bobs.Interference);
    }

    [Fact]
    public async Task ReleaseEditSessionAsync_AnotherUsersSession_ThrowsAuthAndKeepsIt()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);

        await Assert.ThrowsAsync<AuthException>(() => Bob.ReleaseEditSessionAsync(Part, alices.SessionId));

        Assert.Single(await Alice.GetEditSessionsAsync(Part));
    }

    [Fact]
    public async Task ReleaseEditSessionAsync_AdminWithReason_ForceReleasesAndAnnounces()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);

        await Admin.ReleaseEditSessionAsync(Part, alices.SessionId, reason: "alice is on holiday");

        Assert.Empty(await Alice.GetEditSessionsAsync(Part));
        var events = await ServerKit.EventsAsync(Server, AliceToken);
        Assert.Contains(events, e => e.Type() == EventTypes.EditForceReleased);
    }

    [Fact]
    public async Task ReleaseEditSessionAsync_UnknownSession_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.ReleaseEditSessionAsync(Part, "no-such-session"));
    }

    [Fact]
    public async Task GetEditSessionsAsync_TwoUsers_ReturnsTypedPresence()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var bobs = await Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.Assembly, "Asm", []);

        var sessions = await Viewer.GetEditSessionsAsync(Part);

        Assert.Equal([alices.SessionId, bobs.SessionId], sessions.Select(s => s.SessionId));
        Assert.Equal(["alice", "bob"], sessions.Select(s => s.User));
        Assert.Equal(["alice-pc", "bob-pc"], sessions.Select(s => s.Workstation));
        Assert.Equal([ContextLevels.Sketch, ContextLevels.Assembly], sessions.Select(s => s.ContextLevel));
        Assert.Equal(bobs.ExpiresAt, sessions[1].ExpiresAt);
    }

    [Fact]
    public async Task ListEditSessionsAsync_MoreItemsThanOneRequestTakes_ReturnsThoseBeingEditedFromEveryRequest()
    {
        var parts = Enumerable.Range(0, 150).Select(i => $"BLK-{i:D3}").ToList();
        foreach (var part in parts) await Server.CreateItemAsync(part);
        await Alice.AcquireEditSessionAsync("BLK-007", _aliceWs, ContextLevels.Sketch, "Sketch001", []);
        await Bob.AcquireEditSessionAsync("BLK-140", _bobWs, ContextLevels.Assembly, "Asm", []);

        var found = await Viewer.ListEditSessionsAsync([.. parts, "NO-SUCH"]);

        Assert.Equal(["BLK-007", "BLK-140"], found.Select(f => f.PartNumber));
        Assert.Equal(["alice", "bob"], found.Select(f => Assert.Single(f.Sessions).User));
    }

    [Fact]
    public async Task GetEditSessionsAsync_UnknownItem_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.GetEditSessionsAsync("NO-SUCH"));
    }

    [Fact]
    public async Task RequestHandoffAsync_OthersSession_DeliversToHolderWorkstationOnly()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);

        await Bob.RequestHandoffAsync(Part, alices.SessionId, "need the body for 10 min");

        var handoff = Assert.Single(await ServerKit.EventsAsync(Server, AliceToken, _aliceWs), e => e.Type() == EventTypes.EditHandoffRequested);
        var data = handoff.GetProperty("data");
        Assert.Equal(alices.SessionId, data.GetProperty("session_id").GetString());
        Assert.Equal("bob", data.GetProperty("requester").GetString());
        Assert.Equal("need the body for 10 min", data.GetProperty("message").GetString());
        Assert.DoesNotContain(await ServerKit.EventsAsync(Server, BobToken, _bobWs), e => e.Type() == EventTypes.EditHandoffRequested);
    }

    [Fact]
    public async Task RequestHandoffAsync_UnknownSession_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Bob.RequestHandoffAsync(Part, "no-such-session"));
    }
}
