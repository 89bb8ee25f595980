using System.Net;
using System.Text;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

/// <summary>The lock endpoints themselves: acquire, renew, status, list, release, force release.</summary>
public sealed class LocksApiTests : IAsyncLifetime
{
    private const string Part = "PRT-100";
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _bob = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part);
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Acquire_WithoutBody_Returns201WithHolderAndDefaultTtl()
    {
        using var alice = _server.Client(_alice);
        var now = _server.Clock.GetUtcNow();

        using var response = await alice.AcquireAsync(Part);

        var taken = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/items/{Part}/lock", response.Headers.Location?.OriginalString);
        Assert.Equal(Part, taken.Text("part_number"));
        Assert.Equal("alice", taken.Text("locked_by"));
        Assert.False(string.IsNullOrEmpty(taken.Text("id")));
        Assert.Equal(now, taken.Time("locked_at"));
        Assert.Equal(now + TimeSpan.FromHours(24), taken.Time("expires_at"));
        Assert.Null(taken.Text("comment"));
    }

    [Theory]
    [InlineData("01:30:00", 90)]
    [InlineData("00:45:00", 45)]
    [InlineData("24:00:00", 24 * 60)] // as the README writes the default: 24 hours, not 24 days
    [InlineData("48:00:00", 48 * 60)]
    [InlineData("36:30", 36 * 60 + 30)]
    [InlineData("2.00:00:00", 48 * 60)]
    public async Task Acquire_WithLockTtlSwitch_UsesConfiguredDefault(string lockTtl, int expectedMinutes)
    {
        await using var server = await SiloTestServer.StartAsync("--lock-ttl", lockTtl);
        await server.CreateItemAsync(Part);
        using var admin = server.AdminClient();
        var now = server.Clock.GetUtcNow();

        var taken = await HttpAssert.JsonAsync(await admin.AcquireAsync(Part), HttpStatusCode.Created);

        Assert.Equal(now + TimeSpan.FromMinutes(expectedMinutes), taken.Time("expires_at"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-01:00:00")]
    [InlineData("1:75:00")]
    public async Task Server_WithInvalidLockTtlSwitch_RefusesToStart(string lockTtl)
    {
        var error = await Assert.ThrowsAsync<Silo.Server.Hosting.SiloSettingsException>(() => SiloTestServer.StartAsync("--lock-ttl", lockTtl));

        Assert.Contains("LOCK_TTL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acquire_WithTtlSecondsAndComment_OverridesDefault()
    {
        using var alice = _server.Client(_alice);
        var now = _server.Clock.GetUtcNow();

        var taken = await HttpAssert.JsonAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = 600, comment = "fixing the hole pattern" }), HttpStatusCode.Created);

        Assert.Equal(now + TimeSpan.FromSeconds(600), taken.Time("expires_at"));
        Assert.Equal("fixing the hole pattern", taken.Text("comment"));
    }

    [Fact]
    public async Task Acquire_WithEmptyJsonObject_UsesDefaultTtl()
    {
        using var alice = _server.Client(_alice);
        var now = _server.Clock.GetUtcNow();

        var taken = await HttpAssert.JsonAsync(await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { }), HttpStatusCode.Created);

        Assert.Equal(now + TimeSpan.FromHours(24), taken.Time("expires_at"));
    }

    [Fact]
    public async Task Acquire_WithMaximumTtl_Returns201()
    {
        using var alice = _server.Client(_alice);
        var now = _server.Clock.GetUtcNow();

        var taken = await HttpAssert.JsonAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = 30 * 24 * 3600 }), HttpStatusCode.Created);

        Assert.Equal(now + TimeSpan.FromDays(30), taken.Time("expires_at"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(30 * 24 * 3600 + 1)]
    public async Task Acquire_WithOutOfRangeTtl_Returns422AndTakesNoLock(long ttlSeconds)
    {
        using var alice = _server.Client(_alice);

        var problem = await HttpAssert.ProblemAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = ttlSeconds }), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("ttl_seconds", out _), problem.ToString());
        Assert.False((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Theory]
    [InlineData(501, "")]
    [InlineData(0, "bell\u0007inside")]
    [InlineData(0, "two\nlines")]
    public async Task Acquire_WithInvalidComment_Returns422AndTakesNoLock(int length, string text)
    {
        using var alice = _server.Client(_alice);
        var comment = length > 0 ? new string('c', length) : text;

        var problem = await HttpAssert.ProblemAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { comment }), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("comment", out _), problem.ToString());
        Assert.False((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Acquire_WithLongestAllowedComment_Returns201()
    {
        using var alice = _server.Client(_alice);
        var comment = new string('c', 500);

        var taken = await HttpAssert.JsonAsync(await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { comment }), HttpStatusCode.Created);

        Assert.Equal(comment, taken.Text("comment"));
    }

    [Theory]
    [InlineData("text/plain", "ttl_seconds=60")]
    [InlineData("application/x-www-form-urlencoded", "ttl_seconds=60")]
    [InlineData("application/xml", "<lock ttl_seconds=\"60\"/>")]
    public async Task Acquire_WithNonJsonBody_Returns415AndTakesNoLock(string mediaType, string body)
    {
        using var alice = _server.Client(_alice);

        await HttpAssert.ProblemAsync(
            await alice.PostAsync(LockTestKit.LockPath(Part), new StringContent(body, Encoding.UTF8, mediaType)), HttpStatusCode.UnsupportedMediaType);

        Assert.False((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Theory]
    [InlineData("{\"ttl_seconds\": ")]
    [InlineData("{ttl_seconds: 60}")]
    [InlineData("{\"ttl_seconds\": \"60\"}")]
    [InlineData("{\"ttl_seconds\": 1.5}")]
    [InlineData("{\"ttl_secs\": 60}")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task Acquire_WithMalformedJson_Returns400AndTakesNoLock(string json)
    {
        using var alice = _server.Client(_alice);

        var problem = await HttpAssert.ProblemAsync(
            await alice.PostAsync(LockTestKit.LockPath(Part), new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrWhiteSpace(problem.Text("detail")));
        Assert.False((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Acquire_ByHolderAgain_Returns200WithLaterExpiry()
    {
        using var alice = _server.Client(_alice);
        var first = await HttpAssert.JsonAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { comment = "first pass" }), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromHours(3));
        var now = _server.Clock.GetUtcNow();

        var renewed = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.OK);

        Assert.Equal(first.Text("id"), renewed.Text("id"));
        Assert.Equal("alice", renewed.Text("locked_by"));
        Assert.Equal(first.Time("locked_at"), renewed.Time("locked_at"));
        Assert.Equal(now + TimeSpan.FromHours(24), renewed.Time("expires_at"));
        Assert.True(renewed.Time("expires_at") > first.Time("expires_at"));
        Assert.Equal("first pass", renewed.Text("comment"));
        Assert.Equal(renewed.Time("expires_at"), (await alice.StatusAsync(Part)).GetProperty("lock").Time("expires_at"));
    }

    [Fact]
    public async Task Acquire_ByOtherUserWhileHeld_Returns409NamingHolder()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal("alice", taken.Text("locked_by"));

        var problem = await HttpAssert.ProblemAsync(await bob.AcquireAsync(Part), HttpStatusCode.Conflict);

        var holder = problem.GetProperty("holder");
        Assert.Equal("alice", holder.Text("locked_by"));
        Assert.Equal(taken.Text("id"), holder.Text("id"));
        Assert.Equal(taken.Time("expires_at"), holder.Time("expires_at"));
        Assert.Contains("alice", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("alice", (await bob.StatusAsync(Part)).GetProperty("lock").Text("locked_by"));
    }

    [Fact]
    public async Task Acquire_ByAdminWhileHeld_Returns409NamingHolder()
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await admin.AcquireAsync(Part), HttpStatusCode.Conflict);

        Assert.Equal("alice", problem.GetProperty("holder").Text("locked_by"));
    }

    [Fact]
    public async Task Acquire_UnknownItem_Returns404()
    {
        using var alice = _server.Client(_alice);

        await HttpAssert.ProblemAsync(await alice.AcquireAsync("NO-SUCH-PART"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Status_WhenUnlocked_ReportsLockedFalse()
    {
        using var bob = _server.Client(_bob);

        var status = await bob.StatusAsync(Part);

        Assert.Equal(Part, status.Text("part_number"));
        Assert.False(status.GetProperty("locked").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("lock").ValueKind);
    }

    [Fact]
    public async Task Status_WhenLocked_ReportsHolder()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var status = await bob.StatusAsync(Part);

        Assert.True(status.GetProperty("locked").GetBoolean());
        var view = status.GetProperty("lock");
        Assert.Equal(taken.Text("id"), view.Text("id"));
        Assert.Equal("alice", view.Text("locked_by"));
        Assert.Equal(taken.Time("locked_at"), view.Time("locked_at"));
    }

    [Fact]
    public async Task Status_UnknownItem_Returns404()
    {
        using var bob = _server.Client(_bob);

        await HttpAssert.ProblemAsync(await bob.GetAsync(LockTestKit.LockPath("NO-SUCH-PART")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_ReturnsEveryActiveLockOldestFirst()
    {
        await _server.CreateItemAsync("PRT-101");
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        Assert.Equal(0, (await HttpAssert.JsonAsync(await bob.GetAsync("/api/locks"), HttpStatusCode.OK)).GetArrayLength());

        await HttpAssert.JsonAsync(await bob.AcquireAsync("PRT-101"), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromMinutes(5));
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var locks = (await HttpAssert.JsonAsync(await bob.GetAsync("/api/locks"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["PRT-101", Part], locks.Select(l => l.Text("part_number")));
        Assert.Equal(["bob", "alice"], locks.Select(l => l.Text("locked_by")));

        Assert.Equal(HttpStatusCode.NoContent, (await bob.ReleaseAsync("PRT-101")).StatusCode);
        var after = (await HttpAssert.JsonAsync(await bob.GetAsync("/api/locks"), HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal([Part], after.Select(l => l.Text("part_number")));
    }

    [Fact]
    public async Task ItemView_WhileLocked_CarriesLockAndMatchesLockedFilter()
    {
        await _server.CreateItemAsync("PRT-101");
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var item = await HttpAssert.JsonAsync(await bob.GetAsync($"/api/items/{Part}"), HttpStatusCode.OK);
        Assert.Equal("alice", item.GetProperty("lock").Text("locked_by"));
        var other = await HttpAssert.JsonAsync(await bob.GetAsync("/api/items/PRT-101"), HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, other.GetProperty("lock").ValueKind);

        var locked = await HttpAssert.JsonAsync(await bob.GetAsync("/api/items?locked=true"), HttpStatusCode.OK);
        Assert.Equal([Part], locked.GetProperty("items").EnumerateArray().Select(i => i.Text("part_number")));
        var unlocked = await HttpAssert.JsonAsync(await bob.GetAsync("/api/items?locked=false"), HttpStatusCode.OK);
        Assert.Equal(["PRT-101"], unlocked.GetProperty("items").EnumerateArray().Select(i => i.Text("part_number")));
    }

    [Fact]
    public async Task Release_ByOwner_Returns204AndUnlocks()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        using var response = await alice.ReleaseAsync(Part);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        var taken = await HttpAssert.JsonAsync(await bob.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal("bob", taken.Text("locked_by"));
    }

    [Fact]
    public async Task Release_ByOtherEditor_Returns403AndKeepsLock()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await bob.ReleaseAsync(Part, reason: "I need it"), HttpStatusCode.Forbidden);

        Assert.Contains("alice", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("alice", (await bob.StatusAsync(Part)).GetProperty("lock").Text("locked_by"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Release_ByAdminWithoutReason_Returns422AndKeepsLock(string? reason)
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await admin.ReleaseAsync(Part, reason), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        Assert.Equal("alice", (await admin.StatusAsync(Part)).GetProperty("lock").Text("locked_by"));
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).GetArrayLength());
    }

    [Theory]
    [InlineData("\u0001\u0002")]
    [InlineData("\u0007")]
    [InlineData("on leave\u001b[2J")]
    public async Task Release_ByAdminWithControlCharacterReason_Returns422AndKeepsLock(string reason)
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await admin.ReleaseAsync(Part, reason), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        Assert.Equal("alice", (await admin.StatusAsync(Part)).GetProperty("lock").Text("locked_by"));
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Release_ByAdminWithReason_Returns204AndAudits()
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromMinutes(10));

        using var response = await admin.ReleaseAsync(Part, reason: "alice is on leave");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await admin.StatusAsync(Part)).GetProperty("locked").GetBoolean());

        var entry = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("lock.force_release", entry.Text("action"));
        Assert.Equal("admin", entry.Text("actor"));
        Assert.Equal("alice", entry.Text("subject"));
        Assert.Equal("alice is on leave", entry.Text("reason"));
        Assert.Equal(Part, entry.Text("part_number"));
        Assert.Equal(_server.Clock.GetUtcNow(), entry.Time("at"));
        Assert.Equal(taken.Text("id"), entry.GetProperty("details").Text("lock_id"));

        var unlocked = (await admin.LockEventsAsync(Part)).Last();
        Assert.Equal("item.unlocked", unlocked.Text("type"));
        var data = unlocked.GetProperty("data");
        Assert.Equal("forced", data.Text("reason"));
        Assert.Equal("alice is on leave", data.Text("force_reason"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Equal("admin", data.Text("released_by"));
        Assert.Equal(taken.Text("id"), data.Text("lock_id"));
    }

    [Fact]
    public async Task Release_ByAdminOfOwnLock_IsAPlainReleaseWithoutAudit()
    {
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await admin.AcquireAsync(Part), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.ReleaseAsync(Part)).StatusCode);

        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal("released", (await admin.LockEventsAsync(Part)).Last().GetProperty("data").Text("reason"));
    }

    [Fact]
    public async Task Release_WhenNotLocked_Returns404()
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();

        await HttpAssert.ProblemAsync(await alice.ReleaseAsync(Part), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await admin.ReleaseAsync(Part, reason: "cleanup"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Release_Twice_SecondReturns404()
    {
        using var alice = _server.Client(_alice);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);

        await HttpAssert.ProblemAsync(await alice.ReleaseAsync(Part), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Release_UnknownItem_Returns404()
    {
        using var alice = _server.Client(_alice);

        await HttpAssert.ProblemAsync(await alice.ReleaseAsync("NO-SUCH-PART"), HttpStatusCode.NotFound);
    }
}
