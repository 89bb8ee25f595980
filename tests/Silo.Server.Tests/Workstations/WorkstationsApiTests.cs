using System.Net;
using Silo.Server.Tests.Checkpoints;
using Silo.Server.Tests.EditSessions;
using Silo.Server.Workstations;
using Silo.Testing;

namespace Silo.Server.Tests.Workstations;

public sealed class WorkstationsApiTests : TwoEditorsTest
{
    [Fact]
    public async Task Register_SameFingerprintAgain_ReturnsSameWorkstation()
    {
        var fingerprint = EditSessionTestKit.Fingerprint("alice-pc");

        var again = await HttpAssert.JsonAsync(
            await Alice.Http.PostJsonAsync("/api/workstations", new { name = "alice-pc-renamed", fingerprint }), HttpStatusCode.OK);

        Assert.Equal(Alice.WorkstationId, again.GetProperty("id").GetString());
        Assert.Equal("alice-pc-renamed", again.GetProperty("name").GetString());
        Assert.Single((await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/workstations"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task Register_SameFingerprintOtherUser_CreatesItsOwn()
    {
        var bobs = await HttpAssert.JsonAsync(await Bob.Http.PostJsonAsync("/api/workstations",
            new { name = "shared-pc", fingerprint = EditSessionTestKit.Fingerprint("alice-pc") }), HttpStatusCode.Created);

        Assert.NotEqual(Alice.WorkstationId, bobs.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("pc\u0007", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("pc", "not-a-hash")]
    [InlineData("pc", "000000000000000000000000000000000000000000000000000000000000000g")]
    public async Task Register_BadInput_Returns422AndStoresNothing(string name, string fingerprint)
    {
        await HttpAssert.ProblemAsync(await Bob.Http.PostJsonAsync("/api/workstations", new { name, fingerprint }), HttpStatusCode.UnprocessableEntity);

        Assert.Single((await HttpAssert.JsonAsync(await Bob.Http.GetAsync("/api/workstations"), HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task List_ReturnsOnlyTheCallersWorkstations()
    {
        var laptop = await EditSessionTestKit.RegisterWorkstationAsync(Alice.Http, "alice-laptop");

        var list = await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/workstations"), HttpStatusCode.OK);

        Assert.Equal(new[] { Alice.WorkstationId, laptop }, list.EnumerateArray().Select(w => w.GetProperty("id").GetString()!));
        Assert.DoesNotContain(Bob.WorkstationId, list.EnumerateArray().Select(w => w.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Delete_Own_Returns204AndEndsItsLiveSessions()
    {
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        var laptop = await EditSessionTestKit.RegisterWorkstationAsync(Alice.Http, "alice-laptop");
        var kept = await Alice.GrantAsync("PRT-100", "partdesign", "Body", workstationId: laptop);

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/workstations/{Alice.WorkstationId}")).StatusCode);

        var released = Assert.Single((await EditSessionTestKit.HistoryAsync(Bob.Http)).OfType("edit.session_released")).GetProperty("data");
        Assert.Equal("workstation_deleted", released.GetProperty("reason").GetString());
        Assert.Equal("Sketch001", released.GetProperty("object_id").GetString());
        Assert.Equal("alice-pc", released.GetProperty("workstation").GetString());
        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Bob.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(kept.GetProperty("session_id").GetString(), live.GetProperty("session_id").GetString());
        Assert.Equal("none", (await Bob.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("interference").GetString());
        var list = await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/workstations"), HttpStatusCode.OK);
        Assert.Equal(new[] { laptop }, list.EnumerateArray().Select(w => w.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Delete_ForeignOrUnknown_IsRefusedAndKeepsSessions()
    {
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");

        await HttpAssert.ProblemAsync(await Bob.Http.DeleteAsync($"/api/workstations/{Alice.WorkstationId}"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.Http.DeleteAsync($"/api/workstations/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Bob.Http, "PRT-100")).EnumerateArray());
        Assert.Empty((await EditSessionTestKit.HistoryAsync(Bob.Http)).OfType("edit.session_released"));
    }

    [Fact]
    public async Task Heartbeat_Own_RenewsOnlyThatWorkstationsLeasesAndRecordsLastSeen()
    {
        var laptop = await EditSessionTestKit.RegisterWorkstationAsync(Alice.Http, "alice-laptop");
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        await Alice.GrantAsync("PRT-100", "partdesign", "Body");
        var onLaptop = await Alice.GrantAsync("PRT-100", "sketch", "Sketch002", workstationId: laptop);
        Server.Clock.Advance(TimeSpan.FromSeconds(30));

        var beat = await HttpAssert.JsonAsync(await Alice.Http.PostAsync($"/api/workstations/{Alice.WorkstationId}/heartbeat", null), HttpStatusCode.OK);

        var now = Server.Clock.GetUtcNow();
        Assert.Equal(2, beat.GetProperty("renewed").GetInt32());
        Assert.Equal(now + TimeSpan.FromMinutes(2), beat.GetProperty("expires_at").GetDateTimeOffset());
        var sessions = (await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray().ToList();
        Assert.Equal(onLaptop.GetProperty("expires_at").GetDateTimeOffset(),
            sessions.Single(s => s.GetProperty("object_id").GetString() == "Sketch002").GetProperty("expires_at").GetDateTimeOffset());
        Assert.All(sessions.Where(s => s.GetProperty("object_id").GetString() != "Sketch002"),
            s => Assert.Equal(now + TimeSpan.FromMinutes(2), s.GetProperty("expires_at").GetDateTimeOffset()));
        var list = await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/workstations"), HttpStatusCode.OK);
        Assert.Equal(now, list.EnumerateArray().Single(w => w.GetProperty("id").GetString() == Alice.WorkstationId)
            .GetProperty("last_seen").GetDateTimeOffset());
    }

    [Fact]
    public async Task Heartbeat_WithinLastSeenGranularity_KeepsLastSeenUntilItHasPassed()
    {
        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        await BeatAsync();
        var recorded = Server.Clock.GetUtcNow();

        Server.Clock.Advance(WorkstationStore.LastSeenGranularity - TimeSpan.FromSeconds(1));
        await BeatAsync();
        Assert.Equal(recorded, await AlicesLastSeenAsync());

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        await BeatAsync();
        Assert.Equal(recorded + WorkstationStore.LastSeenGranularity, await AlicesLastSeenAsync());
    }

    private async Task BeatAsync() =>
        await HttpAssert.JsonAsync(await Alice.Http.PostAsync($"/api/workstations/{Alice.WorkstationId}/heartbeat", null), HttpStatusCode.OK);

    private async Task<DateTimeOffset> AlicesLastSeenAsync() =>
        (await HttpAssert.JsonAsync(await Alice.Http.GetAsync("/api/workstations"), HttpStatusCode.OK)).EnumerateArray()
            .Single(w => w.GetProperty("id").GetString() == Alice.WorkstationId).GetProperty("last_seen").GetDateTimeOffset();

    [Fact]
    public async Task Heartbeat_ForeignOrUnknownWorkstation_IsRefusedAndRenewsNothing()
    {
        var grant = await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        Server.Clock.Advance(TimeSpan.FromSeconds(30));

        await HttpAssert.ProblemAsync(await Bob.Http.PostAsync($"/api/workstations/{Alice.WorkstationId}/heartbeat", null), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.Http.PostAsync($"/api/workstations/{Guid.NewGuid()}/heartbeat", null), HttpStatusCode.NotFound);

        var live = Assert.Single((await EditSessionTestKit.LiveSessionsAsync(Alice.Http, "PRT-100")).EnumerateArray());
        Assert.Equal(grant.GetProperty("expires_at").GetDateTimeOffset(), live.GetProperty("expires_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task WatchItems_UnknownPartNumbers_AreLeftOutAndTheSetIsReplacedWhole()
    {
        await Server.CreateItemAsync("PRT-101");

        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId, "PRT-100", "prt-101", "NO-SUCH-PART");
        Assert.Equal(2, await WatchedCountAsync(Alice.WorkstationId));

        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId, "PRT-101");
        Assert.Equal(1, await WatchedCountAsync(Alice.WorkstationId));

        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId);
        Assert.Equal(0, await WatchedCountAsync(Alice.WorkstationId));
    }

    [Fact]
    public async Task WatchItems_ForeignOrUnknownWorkstation_IsRefusedAndChangesNothing()
    {
        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId, "PRT-100");

        await HttpAssert.ProblemAsync(await Bob.Http.PutJsonAsync($"/api/workstations/{Alice.WorkstationId}/watched-items",
            new { part_numbers = Array.Empty<string>() }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.Http.PutJsonAsync($"/api/workstations/{Guid.NewGuid()}/watched-items",
            new { part_numbers = new[] { "PRT-100" } }), HttpStatusCode.NotFound);

        Assert.Equal(1, await WatchedCountAsync(Alice.WorkstationId));
        Assert.Equal(1, await Server.ScalarAsync<long>("SELECT COUNT(*) FROM workstation_watches"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("blank")]
    [InlineData("too-long")]
    [InlineData("too-many")]
    public async Task WatchItems_BadInput_Returns422AndKeepsTheSet(string input)
    {
        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId, "PRT-100");
        object body = input switch
        {
            "missing" => new { },
            "blank" => new { part_numbers = new[] { "PRT-100", " " } },
            "too-long" => new { part_numbers = new[] { new string('P', 500) } },
            _ => new { part_numbers = Enumerable.Range(0, 10_001).Select(i => $"PRT-{i}").ToArray() },
        };

        await HttpAssert.ProblemAsync(await Alice.Http.PutJsonAsync($"/api/workstations/{Alice.WorkstationId}/watched-items", body),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, await WatchedCountAsync(Alice.WorkstationId));
    }

    [Fact]
    public async Task Delete_Workstation_ForgetsWhatItWatched()
    {
        await EditSessionTestKit.WatchAsync(Alice.Http, Alice.WorkstationId, "PRT-100");

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/workstations/{Alice.WorkstationId}")).StatusCode);

        Assert.Equal(0, await WatchedCountAsync(Alice.WorkstationId));
    }

    private Task<long> WatchedCountAsync(string workstationId) =>
        Server.ScalarAsync<long>("SELECT COUNT(*) FROM workstation_watches WHERE workstation_id = @workstationId", new { workstationId });
}
