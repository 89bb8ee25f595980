using System.Net;
using System.Text.Json;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;
using static Silo.Server.Tests.Lineage.LineageKit;

namespace Silo.Server.Tests.Lineage;

/// <summary>Every push names its base; only a push on the head (or an explicit overwrite) is stored.</summary>
public sealed class LineageApiTests : IAsyncLifetime
{
    private const string Pn = "PRT-300";
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _viewer = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn);
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        _bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        _viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        _viewer.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Everything a refused push must leave untouched.</summary>
    private async Task<(long Checkpoints, long Revisions, long Versions, long Events, long Audit)> CountsAsync() => (
        await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"),
        await _server.ScalarAsync<long>("SELECT COUNT(*) FROM revisions"),
        await _server.ScalarAsync<long>("SELECT COUNT(*) FROM versions"),
        await _server.EventCountAsync(),
        await _server.ScalarAsync<long>("SELECT COUNT(*) FROM audit_log"));

    private Task<long> ReferencesAsync(string sha) => _server.ScalarAsync<long>(
        "SELECT (SELECT COUNT(*) FROM checkpoints WHERE file_hash = @sha) + (SELECT COUNT(*) FROM revisions WHERE file_hash = @sha) + (SELECT COUNT(*) FROM versions WHERE file_hash = @sha)",
        new { sha });

    [Fact]
    public async Task PushCheckpoint_FirstPushWithoutBase_BecomesHeadVersion1()
    {
        var bytes = RandomBytes(500);
        var result = await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, bytes, baseHash: null), HttpStatusCode.Created);

        Assert.Equal(1, result.GetProperty("version").GetInt64());
        var head = (await HeadAsync(_viewer, Pn))!.Value;
        Assert.Equal(1, head.GetProperty("version").GetInt64());
        Assert.Equal("checkpoint", head.GetProperty("kind").GetString());
        Assert.Equal(result.GetProperty("checkpoint_id").GetString(), head.GetProperty("id").GetString());
        Assert.Equal(Sha256(bytes), head.GetProperty("file_hash").GetString());
        Assert.Equal("alice", head.GetProperty("user").GetString());
        Assert.Equal("body_close", head.GetProperty("context").GetString());
        Assert.Equal(JsonValueKind.Null, head.GetProperty("base").ValueKind);
        Assert.True(head.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task PushCheckpoint_StaleBase_Returns409NamingTheHeadAndStoresNothing()
    {
        var v1 = RandomBytes(400);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, v1, null), HttpStatusCode.Created);
        var aliceWork = RandomBytes(401);
        var head = await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, aliceWork, Sha256(v1)), HttpStatusCode.Created);
        var before = await CountsAsync();

        // bob still has v1: his file does not contain alice's second push.
        var bobWork = RandomBytes(402);
        var problem = await HttpAssert.ProblemAsync(await PushOnAsync(_server, _bob, Pn, bobWork, Sha256(v1)), HttpStatusCode.Conflict);

        Assert.Equal("stale_base", problem.GetProperty("code").GetString());
        var named = problem.GetProperty("head");
        Assert.Equal("checkpoint", named.GetProperty("kind").GetString());
        Assert.Equal(head.GetProperty("checkpoint_id").GetString(), named.GetProperty("id").GetString());
        Assert.Equal(2, named.GetProperty("version").GetInt64());
        Assert.Equal("alice", named.GetProperty("user").GetString());
        Assert.Equal("body_close", named.GetProperty("context").GetString());
        Assert.Equal(Sha256(aliceWork), named.GetProperty("file_hash").GetString());
        Assert.Equal(_server.Clock.GetUtcNow(), named.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(Sha256(v1), problem.GetProperty("base").GetProperty("file_hash").GetString());
        Assert.Contains("alice", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(0, await ReferencesAsync(Sha256(bobWork)));
        Assert.Equal(Sha256(aliceWork), await _viewer.HeadHashAsync(Pn));
    }

    [Fact]
    public async Task PushCheckpoint_NoBaseOnceAHeadExists_IsStale()
    {
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, RandomBytes(300), null), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await PushOnAsync(_server, _bob, Pn, RandomBytes(301), baseHash: null), HttpStatusCode.Conflict);

        Assert.Equal("stale_base", problem.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, problem.GetProperty("base").ValueKind);
    }

    [Fact]
    public async Task PushCheckpoint_BaseWithTheHeadsBytesUnderAnotherId_IsAccepted()
    {
        // Revision 1 and a later checkpoint carry the same bytes: a file derived from either holds all of the head.
        var bytes = RandomBytes(600);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, bytes, null), HttpStatusCode.Created);
        var revision = (await VersionsAsync(_alice, Pn))[0].GetProperty("id").GetString();
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, RandomBytes(601), Sha256(bytes)), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, bytes, (await _alice.HeadHashAsync(Pn))!), HttpStatusCode.Created);

        var body = CheckpointBody(await UploadAsync(_server, _bob, Pn, RandomBytes(602)), 602, "body_close", Sha256(bytes));
        body["base"] = new { file_hash = Sha256(bytes), kind = "revision", id = revision };
        var result = await HttpAssert.JsonAsync(await PostCheckpointAsync(_bob, Pn, body), HttpStatusCode.Created);

        Assert.Equal(4, result.GetProperty("version").GetInt64());
        var newest = (await VersionsAsync(_viewer, Pn))[0];
        Assert.Equal(3, newest.GetProperty("base").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task CreateRevision_StaleBase_Returns409NamingTheHeadAndStoresNothing()
    {
        var r1 = RandomBytes(700);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, r1, null, comment: "first"), HttpStatusCode.Created);
        var r2 = RandomBytes(701);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, r2, Sha256(r1)), HttpStatusCode.Created);
        var before = await CountsAsync();

        var bobWork = RandomBytes(702);
        var problem = await HttpAssert.ProblemAsync(await CommitOnAsync(_bob, Pn, bobWork, Sha256(r1)), HttpStatusCode.Conflict);

        Assert.Equal("stale_base", problem.GetProperty("code").GetString());
        var named = problem.GetProperty("head");
        Assert.Equal("revision", named.GetProperty("kind").GetString());
        Assert.Equal(2, named.GetProperty("revision").GetInt32());
        Assert.Equal("alice", named.GetProperty("user").GetString());
        Assert.Equal(Sha256(r2), named.GetProperty("file_hash").GetString());
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM revisions WHERE file_hash = @sha", new { sha = Sha256(bobWork) }));
        var item = await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}"), HttpStatusCode.OK);
        Assert.Equal(2, item.GetProperty("latest_revision").GetInt32());
    }

    [Fact]
    public async Task CreateRevision_OnACheckpointHead_RecordsTheCheckpointAsBase()
    {
        var r1 = RandomBytes(800);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, r1, null), HttpStatusCode.Created);
        var checkpoint = await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, RandomBytes(801), Sha256(r1)), HttpStatusCode.Created);
        var headHash = await _alice.HeadHashAsync(Pn);

        var revision = await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, RandomBytes(802), headHash), HttpStatusCode.Created);

        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        Assert.Equal(3, revision.GetProperty("version").GetInt64());
        var versions = await VersionsAsync(_viewer, Pn);
        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt64()));
        var @base = versions[0].GetProperty("base");
        Assert.Equal("checkpoint", @base.GetProperty("kind").GetString());
        Assert.Equal(checkpoint.GetProperty("checkpoint_id").GetString(), @base.GetProperty("id").GetString());
        Assert.Equal(2, @base.GetProperty("version").GetInt64());
        Assert.Equal("revision", versions[1].GetProperty("base").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Push_ConcurrentOnOneBase_ExactlyOneIsAccepted()
    {
        var v1 = RandomBytes(900);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, v1, null), HttpStatusCode.Created);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 12; i++) clients.Add(_server.Client(await _server.CreateUserAsync($"user{i}", "editor")));
        var before = await CountsAsync();

        // Uploads first, so the commits themselves race; half checkpoints, half check-in revisions.
        var pushes = new List<Func<Task<HttpResponseMessage>>>();
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var bytes = RandomBytes(1000 + i);
            if (i % 2 == 0)
            {
                var sha = await UploadAsync(_server, client, Pn, bytes);
                pushes.Add(() => PostCheckpointAsync(client, Pn, CheckpointBody(sha, bytes.Length, "body_close", Sha256(v1))));
            }
            else
            {
                pushes.Add(() => CommitOnAsync(client, Pn, bytes, Sha256(v1)));
            }
        }
        var responses = await Task.WhenAll(pushes.Select(p => Task.Run(p)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(clients.Count - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            Assert.Equal("stale_base", (await HttpAssert.ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("code").GetString());
        var after = await CountsAsync();
        Assert.Equal(before.Versions + 1, after.Versions);
        Assert.Equal(before.Checkpoints + before.Revisions + 1, after.Checkpoints + after.Revisions);
        Assert.Equal(2, (await VersionsAsync(_viewer, Pn))[0].GetProperty("version").GetInt64());
        foreach (var client in clients) client.Dispose();
    }

    [Fact]
    public async Task PushCheckpoint_Overwrite_ReplacesHeadAuditsItAndKeepsTheOldHeadDownloadable()
    {
        var v1 = RandomBytes(1100);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, v1, null), HttpStatusCode.Created);
        var aliceWork = RandomBytes(1101);
        var replaced = await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, aliceWork, Sha256(v1)), HttpStatusCode.Created);
        var replacedId = replaced.GetProperty("checkpoint_id").GetString();

        var bobWork = RandomBytes(1102);
        var result = await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, bobWork, Sha256(v1), overwrite: true), HttpStatusCode.Created);

        Assert.Equal(3, result.GetProperty("version").GetInt64());
        var newest = (await VersionsAsync(_viewer, Pn))[0];
        Assert.Equal(Sha256(bobWork), newest.GetProperty("file_hash").GetString());
        Assert.Equal(1, newest.GetProperty("base").GetProperty("version").GetInt64());
        Assert.Equal(2, newest.GetProperty("replaced").GetProperty("version").GetInt64());
        Assert.Equal(replacedId, newest.GetProperty("replaced").GetProperty("id").GetString());

        using var admin = _server.AdminClient();
        var entry = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("lineage.overwrite", entry.GetProperty("action").GetString());
        Assert.Equal("bob", entry.GetProperty("actor").GetString());
        Assert.Equal("alice", entry.GetProperty("subject").GetString());
        Assert.Equal(Pn, entry.GetProperty("part_number").GetString());
        Assert.Equal(replacedId, entry.GetProperty("details").GetProperty("replaced").GetProperty("id").GetString());
        Assert.Equal(Sha256(aliceWork), entry.GetProperty("details").GetProperty("replaced").GetProperty("file_hash").GetString());

        // Long past the checkpoint lifetime, the replaced head is still there and downloads as it was.
        _server.Clock.Advance(TimeSpan.FromDays(90));
        await _server.RunMaintenanceAsync();
        var kept = await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{replacedId}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("expires_at").ValueKind);
        using var anonymous = _server.Client();
        using var download = await anonymous.GetAsync(kept.GetProperty("download_url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Sha256(aliceWork), Sha256(await download.Content.ReadAsByteArrayAsync()));
        Assert.True((await VersionsAsync(_viewer, Pn)).Single(v => v.GetProperty("version").GetInt64() == 2).GetProperty("available").GetBoolean());
        await HttpAssert.ProblemAsync(await _alice.DeleteAsync($"/api/items/{Pn}/checkpoints/{replacedId}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateRevision_Overwrite_ReplacesACheckpointHeadAndAuditsIt()
    {
        var r1 = RandomBytes(1200);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, r1, null), HttpStatusCode.Created);
        var checkpoint = await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, RandomBytes(1201), Sha256(r1)), HttpStatusCode.Created);

        await HttpAssert.ProblemAsync(await CommitOnAsync(_alice, Pn, RandomBytes(1202), Sha256(r1)), HttpStatusCode.Conflict);
        var revision = await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, RandomBytes(1202), Sha256(r1), overwrite: true), HttpStatusCode.Created);

        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        using var admin = _server.AdminClient();
        var entry = Assert.Single((await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("lineage.overwrite", entry.GetProperty("action").GetString());
        Assert.Equal(checkpoint.GetProperty("checkpoint_id").GetString(), entry.GetProperty("details").GetProperty("replaced").GetProperty("id").GetString());
        _server.Clock.Advance(TimeSpan.FromDays(90));
        await _server.RunMaintenanceAsync();
        await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{checkpoint.GetProperty("checkpoint_id").GetString()}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Push_OverwriteWhenOnTheHead_IsAnOrdinaryPushWithoutAudit()
    {
        var v1 = RandomBytes(1300);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, v1, null), HttpStatusCode.Created);

        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, RandomBytes(1301), Sha256(v1), overwrite: true), HttpStatusCode.Created);

        using var admin = _server.AdminClient();
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(JsonValueKind.Null, (await VersionsAsync(_viewer, Pn))[0].GetProperty("replaced").ValueKind);
    }

    [Fact]
    public async Task Checkpoint_SupersededByAnOrdinaryPush_ExpiresACheckpointLifetimeLater_WhileTheHeadStays()
    {
        var v1 = RandomBytes(1400);
        var first = await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, v1, null), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromDays(40));
        await _server.RunMaintenanceAsync();
        // Still the head after more than the lifetime: kept.
        await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{first.GetProperty("checkpoint_id").GetString()}"), HttpStatusCode.OK);

        var second = await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, RandomBytes(1401), Sha256(v1)), HttpStatusCode.Created);
        var superseded = await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{first.GetProperty("checkpoint_id").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(_server.Clock.GetUtcNow().AddDays(30), superseded.GetProperty("expires_at").GetDateTimeOffset());

        _server.Clock.Advance(TimeSpan.FromDays(31));
        await _server.RunMaintenanceAsync();
        await HttpAssert.ProblemAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{first.GetProperty("checkpoint_id").GetString()}"), HttpStatusCode.NotFound);
        await HttpAssert.JsonAsync(await _viewer.GetAsync($"/api/items/{Pn}/checkpoints/{second.GetProperty("checkpoint_id").GetString()}"), HttpStatusCode.OK);
        var history = await VersionsAsync(_viewer, Pn);
        Assert.False(history[1].GetProperty("available").GetBoolean());
        Assert.True(history[0].GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task DeleteCheckpoint_TheHead_Returns409Kept()
    {
        var result = await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, RandomBytes(1500), null), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await _alice.DeleteAsync($"/api/items/{Pn}/checkpoints/{result.GetProperty("checkpoint_id").GetString()}"),
            HttpStatusCode.Conflict);

        Assert.Equal("kept", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListVersions_ByFileHash_FindsEveryVersionWithThoseBytes()
    {
        var bytes = RandomBytes(1600);
        await HttpAssert.JsonAsync(await CommitOnAsync(_alice, Pn, bytes, null), HttpStatusCode.Created);
        var other = RandomBytes(1601);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, other, Sha256(bytes)), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _alice, Pn, bytes, Sha256(other)), HttpStatusCode.Created);

        var found = await VersionsAsync(_viewer, Pn, Sha256(bytes));

        Assert.Equal([3, 1], found.Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal(["checkpoint", "revision"], found.Select(v => v.GetProperty("kind").GetString()));
        Assert.Empty(await VersionsAsync(_viewer, Pn, new string('a', 64)));
        await HttpAssert.ProblemAsync(await _viewer.GetAsync($"/api/items/{Pn}/versions?file_hash=xyz"), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await _viewer.GetAsync("/api/items/NOPE/versions"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"file_hash":"abc"}""", "base.file_hash")]
    [InlineData("""{"file_hash":"0000000000000000000000000000000000000000000000000000000000000000","kind":"draft"}""", "base.kind")]
    [InlineData("""{"kind":"revision"}""", "base.file_hash")]
    public async Task PushCheckpoint_MalformedBase_Returns422(string baseJson, string field)
    {
        var sha = await UploadAsync(_server, _alice, Pn, RandomBytes(1700));
        var body = Body(sha, 1700, "body_close");
        body["base"] = JsonDocument.Parse(baseJson).RootElement;

        var problem = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, Pn, body), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AcquireEditSession_Grant_CarriesTheHead()
    {
        var v1 = RandomBytes(1800);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, v1, null), HttpStatusCode.Created);
        var workstation = await RegisterWorkstationAsync(_alice, "alice-pc");

        var grant = await HttpAssert.JsonAsync(await _alice.PostJsonAsync($"/api/items/{Pn}/edit-session",
            new { workstation_id = workstation, context_level = "partdesign", object_id = "Body" }), HttpStatusCode.OK);

        Assert.Equal(Sha256(v1), grant.GetProperty("head").GetProperty("file_hash").GetString());
        Assert.Equal("bob", grant.GetProperty("head").GetProperty("user").GetString());
    }

    [Fact]
    public async Task SearchItems_ListsEachItemsHead()
    {
        await _server.CreateItemAsync("PRT-301");
        var v1 = RandomBytes(1900);
        await HttpAssert.JsonAsync(await PushOnAsync(_server, _bob, Pn, v1, null), HttpStatusCode.Created);

        var page = await HttpAssert.JsonAsync(await _viewer.GetAsync("/api/items?search=PRT-30"), HttpStatusCode.OK);

        var items = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("part_number").GetString()!);
        Assert.Equal(Sha256(v1), items[Pn].GetProperty("head").GetProperty("file_hash").GetString());
        Assert.Equal(JsonValueKind.Null, items["PRT-301"].GetProperty("head").ValueKind);
    }
}
