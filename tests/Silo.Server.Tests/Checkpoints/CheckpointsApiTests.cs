using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

public sealed class CheckpointsApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        _bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    private Task<long> CheckpointCountAsync() => _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints");

    [Fact]
    public async Task Push_FullFlow_StoresCheckpointAndDownloadsSameBytes()
    {
        var bytes = RandomBytes(300_000);
        var result = await PushAsync(_server, _alice, "PRT-100", bytes, "body_close");

        var id = result.GetProperty("checkpoint_id").GetString()!;
        Assert.Equal("body_close", result.GetProperty("context").GetString());
        Assert.Equal(0, result.GetProperty("subscribers_notified").GetInt32());
        Assert.False(result.GetProperty("dag_synced").GetBoolean());
        Assert.False(result.GetProperty("session_released").GetBoolean());

        var latest = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.OK);
        Assert.Equal(id, latest.GetProperty("id").GetString());
        Assert.Equal("PRT-100", latest.GetProperty("part_number").GetString());
        Assert.Equal(await _server.ItemIdAsync("PRT-100"), latest.GetProperty("item_id").GetString());
        Assert.Equal("alice", latest.GetProperty("user_id").GetString());
        Assert.Equal(Sha256(bytes), latest.GetProperty("file_hash").GetString());
        Assert.Equal(bytes.Length, latest.GetProperty("file_size").GetInt64());
        Assert.Equal(_server.Clock.GetUtcNow(), latest.GetProperty("created_at").GetDateTimeOffset());
        // The head is kept: no expiry until a newer version replaces it.
        Assert.Equal(JsonValueKind.Null, latest.GetProperty("expires_at").ValueKind);
        Assert.Equal(1, latest.GetProperty("version").GetInt64());

        using var anonymous = _server.Client();
        using var download = await anonymous.GetAsync(latest.GetProperty("download_url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"\"{Sha256(bytes)}\"", download.Headers.ETag?.Tag);
        Assert.Equal(Sha256(bytes), Sha256(await download.Content.ReadAsByteArrayAsync()));

        var one = await HttpAssert.JsonAsync(await _bob.GetAsync($"/api/items/PRT-100/checkpoints/{id}"), HttpStatusCode.OK);
        Assert.Equal(id, one.GetProperty("id").GetString());
    }

    [Fact]
    public async Task UploadUrl_BlobAlreadyStored_AnswersAlreadyStoredWithoutUrl()
    {
        var bytes = RandomBytes(10_000);
        await PushAsync(_server, _alice, "PRT-100", bytes, "autosave");

        var again = await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_bob, "PRT-100", Sha256(bytes), bytes.Length), HttpStatusCode.OK);
        Assert.True(again.GetProperty("already_stored").GetBoolean());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("upload_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, again.GetProperty("expires_at").ValueKind);

        // No bytes moved, yet the checkpoint is accepted.
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_bob, "PRT-100", Body(Sha256(bytes), bytes.Length, "manual")), HttpStatusCode.Created);
        Assert.Equal(2, await CheckpointCountAsync());

        var wrongSize = await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(_bob, "PRT-100", Sha256(bytes), bytes.Length + 1), HttpStatusCode.UnprocessableEntity);
        Assert.True(wrongSize.GetProperty("errors").TryGetProperty("size", out _));
    }

    [Fact]
    public async Task UploadUrl_NewBlob_AnswersSignedExpiringUrl()
    {
        var sha = Sha256(RandomBytes(10));
        var grant = await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_alice, "PRT-100", sha, 10), HttpStatusCode.OK);
        Assert.False(grant.GetProperty("already_stored").GetBoolean());
        Assert.StartsWith($"/api/blobs/{sha}?", grant.GetProperty("upload_url").GetString(), StringComparison.Ordinal);
        Assert.Contains("&sig=", grant.GetProperty("upload_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(_server.Clock.GetUtcNow().AddMinutes(15), grant.GetProperty("expires_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task UploadUrl_BadInput_Returns4xx()
    {
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));
        var sha = Sha256(RandomBytes(10));
        await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(viewer, "PRT-100", sha, 10), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(_alice, "NOPE-1", sha, 10), HttpStatusCode.NotFound);
        var problem = await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(_alice, "PRT-100", "abc", -1), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sha256", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("size", out _));
        await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(_alice, "PRT-100", sha, 5L * 1024 * 1024 * 1024), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UploadUrl_ItemLockedByOther_Returns409()
    {
        await HttpAssert.JsonAsync(await _bob.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Created);
        var problem = await HttpAssert.ProblemAsync(await RequestUploadUrlAsync(_alice, "PRT-100", Sha256(RandomBytes(10)), 10), HttpStatusCode.Conflict);
        Assert.Equal("bob", problem.GetProperty("holder").GetProperty("locked_by").GetString());
    }

    [Fact]
    public async Task Create_ItemLockedByOther_Returns409AndStoresNothing()
    {
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        await HttpAssert.JsonAsync(await _bob.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Created);

        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "manual")), HttpStatusCode.Conflict);
        Assert.Equal(0, await CheckpointCountAsync());
        // The holder itself may push.
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_bob, "PRT-100", Body(sha, bytes.Length, "manual")), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("sketch_close")]
    [InlineData("body_close")]
    [InlineData("assembly_close")]
    [InlineData("manual")]
    [InlineData("autosave")]
    public async Task Create_EachContext_IsStoredAndReported(string context)
    {
        var result = await PushAsync(_server, _alice, "PRT-100", RandomBytes(64), context);
        Assert.Equal(context, result.GetProperty("context").GetString());
        var latest = await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.OK);
        Assert.Equal(context, latest.GetProperty("context").GetString());
    }

    [Fact]
    public async Task Create_UnknownOrMissingContext_Returns4xxAndStoresNothing()
    {
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        var events = await _server.EventCountAsync();

        var unknown = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "part_close")), HttpStatusCode.BadRequest);
        Assert.Contains("context", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", new { file_hash = sha, file_size = bytes.Length }), HttpStatusCode.UnprocessableEntity);
        Assert.True(missing.GetProperty("errors").TryGetProperty("context", out _));
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", new { file_hash = sha, file_size = bytes.Length, context = "manual", colour = "red" }),
            HttpStatusCode.BadRequest);

        Assert.Equal(0, await CheckpointCountAsync());
        Assert.Equal(events, await _server.EventCountAsync());
    }

    [Fact]
    public async Task Create_BlobMissingOrSizeWrong_Returns422AndStoresNothing()
    {
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);

        var missing = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(Sha256(RandomBytes(5)), 5, "manual")), HttpStatusCode.UnprocessableEntity);
        Assert.True(missing.GetProperty("errors").TryGetProperty("file_hash", out _));
        var wrongSize = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, 99, "manual")), HttpStatusCode.UnprocessableEntity);
        Assert.True(wrongSize.GetProperty("errors").TryGetProperty("file_size", out _));
        var malformed = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body("xyz", -3, "manual")), HttpStatusCode.UnprocessableEntity);
        Assert.True(malformed.GetProperty("errors").TryGetProperty("file_hash", out _));
        Assert.True(malformed.GetProperty("errors").TryGetProperty("file_size", out _));
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "NOPE-1", Body(sha, 100, "manual")), HttpStatusCode.NotFound);

        Assert.Equal(0, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_ByViewer_Returns403()
    {
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(viewer, "PRT-100", Body(sha, bytes.Length, "manual")), HttpStatusCode.Forbidden);
        Assert.Equal(0, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_WithDag_StoresItAndGetDagReturnsIt()
    {
        await HttpAssert.ProblemAsync(await _bob.GetAsync("/api/items/PRT-100/dag"), HttpStatusCode.NotFound);

        var dag = Dag(("Sketch001", "Pad001"), ("Pad001", "Fillet001"));
        var first = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "body_close", dag: dag);
        Assert.True(first.GetProperty("dag_synced").GetBoolean());

        using var response = await _bob.GetAsync("/api/items/PRT-100/dag");
        var stored = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.GetProperty("checkpoint_id").GetString(), response.Headers.GetValues("X-Silo-Checkpoint-Id").Single());
        Assert.Equal(["Sketch001", "Pad001", "Fillet001"], stored.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal("PartDesign::Feature", stored.GetProperty("nodes")[0].GetProperty("type").GetString());
        Assert.Equal("Sketch001 label", stored.GetProperty("nodes")[0].GetProperty("label").GetString());
        Assert.Equal("Fillet001", stored.GetProperty("edges")[1].GetProperty("to").GetString());

        // A checkpoint without a DAG leaves the stored one in place.
        var second = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "autosave");
        Assert.False(second.GetProperty("dag_synced").GetBoolean());
        var still = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/dag"), HttpStatusCode.OK);
        Assert.Equal(3, still.GetProperty("nodes").GetArrayLength());

        var replaced = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "manual", dag: Dag(("A", "B")));
        var now = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/dag"), HttpStatusCode.OK);
        Assert.Equal(["A", "B"], now.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.True(replaced.GetProperty("dag_synced").GetBoolean());
    }

    public static TheoryData<string, object> BadDags => new()
    {
        { "dag.edges[0].to", new { nodes = new[] { new { id = "A", type = "T", label = "a" } }, edges = new[] { new { from = "A", to = "Ghost" } } } },
        { "dag.nodes[1].id", new { nodes = new[] { new { id = "A", type = "T", label = "a" }, new { id = "A", type = "T", label = "b" } }, edges = Array.Empty<object>() } },
        { "dag.nodes[0].type", new { nodes = new[] { new { id = "A", type = "", label = "a" } }, edges = Array.Empty<object>() } },
        { "dag.edges[0]", new { nodes = new[] { new { id = "A", type = "T", label = "a" } }, edges = new[] { new { from = "A", to = "A" } } } },
        { "dag.edges", new { nodes = new[] { new { id = "A", type = "T", label = "a" } } } },
        { "dag.nodes", new { nodes = Enumerable.Range(0, 50_001).Select(i => new { id = $"N{i}", type = "T", label = "x" }).ToList(), edges = Array.Empty<object>() } },
    };

    [Theory]
    [MemberData(nameof(BadDags))]
    public async Task Create_MalformedDag_Returns422AndStoresNothing(string field, object dag)
    {
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        var events = await _server.EventCountAsync();

        var problem = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "manual", dag: dag)), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());

        Assert.Equal(0, await CheckpointCountAsync());
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM dags"));
        Assert.Equal(events, await _server.EventCountAsync());
    }

    [Fact]
    public async Task Create_DagAtTheBound_IsAccepted()
    {
        var nodes = Enumerable.Range(0, 50_000).Select(i => new { id = $"N{i}", type = "T", label = "x" }).ToList();
        var edges = Enumerable.Range(1, 49_999).Select(i => new { from = $"N{i - 1}", to = $"N{i}" }).ToList();
        var result = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "manual", dag: new { nodes, edges });
        Assert.True(result.GetProperty("dag_synced").GetBoolean());
        var stored = await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/dag"), HttpStatusCode.OK);
        Assert.Equal(50_000, stored.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task ListAndLatest_NewestFirst_404WhenNone()
    {
        await HttpAssert.ProblemAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.NotFound);
        var empty = await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints"), HttpStatusCode.OK);
        Assert.Equal(0, empty.GetArrayLength());

        var ids = new List<string>();
        foreach (var context in new[] { "sketch_close", "body_close", "manual" })
        {
            ids.Add((await PushAsync(_server, _alice, "PRT-100", RandomBytes(50), context)).GetProperty("checkpoint_id").GetString()!);
            // Two of them in the same millisecond: the later one must still count as newer.
            if (context != "body_close") _server.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        ids.Reverse();

        var list = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/checkpoints"), HttpStatusCode.OK);
        Assert.Equal(ids, list.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.All(list.EnumerateArray(), c => Assert.StartsWith("/api/blobs/", c.GetProperty("download_url").GetString(), StringComparison.Ordinal));
        var limited = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/checkpoints?limit=2"), HttpStatusCode.OK);
        Assert.Equal(ids.Take(2), limited.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        await HttpAssert.ProblemAsync(await _bob.GetAsync("/api/items/PRT-100/checkpoints?limit=0"), HttpStatusCode.BadRequest);

        var latest = await HttpAssert.JsonAsync(await _bob.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.OK);
        Assert.Equal(ids[0], latest.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Delete_OwnerOrAdminOnly()
    {
        var dag = Dag(("A", "B"));
        var first = (await PushAsync(_server, _alice, "PRT-100", RandomBytes(50), "manual", dag: dag)).GetProperty("checkpoint_id").GetString();
        var second = (await PushAsync(_server, _alice, "PRT-100", RandomBytes(50), "manual")).GetProperty("checkpoint_id").GetString();
        var head = (await PushAsync(_server, _alice, "PRT-100", RandomBytes(50), "manual")).GetProperty("checkpoint_id").GetString();

        await HttpAssert.ProblemAsync(await _bob.DeleteAsync($"/api/items/PRT-100/checkpoints/{first}"), HttpStatusCode.Forbidden);
        Assert.Equal(3, await CheckpointCountAsync());

        // The first one brought the DAG: deleting it keeps the DAG, no longer tied to a checkpoint.
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/api/items/PRT-100/checkpoints/{first}")).StatusCode);
        using var dagResponse = await _bob.GetAsync("/api/items/PRT-100/dag");
        Assert.Equal(HttpStatusCode.OK, dagResponse.StatusCode);
        Assert.False(dagResponse.Headers.Contains("X-Silo-Checkpoint-Id"));

        using var admin = _server.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/items/PRT-100/checkpoints/{second}")).StatusCode);
        Assert.Equal(1, await CheckpointCountAsync());
        await HttpAssert.ProblemAsync(await admin.DeleteAsync($"/api/items/PRT-100/checkpoints/{head}"), HttpStatusCode.Conflict);
        await HttpAssert.ProblemAsync(await _alice.DeleteAsync($"/api/items/PRT-100/checkpoints/{second}"), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await _alice.GetAsync($"/api/items/PRT-100/checkpoints/{second}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_WithLiveSession_ReleasesItInTheSameCommit()
    {
        var session = await _server.InsertSessionAsync("PRT-100", "alice", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        var result = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "body_close", sessionId: session);

        Assert.True(result.GetProperty("session_released").GetBoolean());
        Assert.Equal("checkpoint", await _server.ScalarAsync<string>("SELECT end_reason FROM edit_sessions WHERE id = @session AND ended_at IS NOT NULL", new { session }));
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE type = 'edit.session_released'"));
        Assert.Equal(session, await _server.ScalarAsync<string>("SELECT session_id FROM checkpoints"));
    }

    [Fact]
    public async Task Create_LapsedSessionSupersededByOtherUser_Returns409AndStoresNothing()
    {
        var session = await _server.InsertSessionAsync("PRT-100", "alice", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        _server.Clock.Advance(TimeSpan.FromMinutes(3));
        await _server.InsertSessionAsync("PRT-100", "bob", "Body", fencingToken: 2, expiresIn: TimeSpan.FromMinutes(2));
        var events = await _server.EventCountAsync();

        var problem = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "body_close", session)), HttpStatusCode.Conflict);
        Assert.Equal("superseded", problem.GetProperty("code").GetString());
        Assert.Equal("bob", problem.GetProperty("superseded_by").GetProperty("user").GetString());

        Assert.Equal(0, await CheckpointCountAsync());
        Assert.Equal(events, await _server.EventCountAsync());
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM edit_sessions WHERE ended_at IS NOT NULL"));
    }

    [Fact]
    public async Task Create_LapsedSessionNotTakenOver_IsAcceptedWithoutRelease()
    {
        var session = await _server.InsertSessionAsync("PRT-100", "alice", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        _server.Clock.Advance(TimeSpan.FromMinutes(3));
        var result = await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "body_close", sessionId: session);
        Assert.False(result.GetProperty("session_released").GetBoolean());
        Assert.Equal("expired", await _server.ScalarAsync<string>("SELECT end_reason FROM edit_sessions WHERE id = @session", new { session }));
    }

    [Fact]
    public async Task Create_ForeignOrUnknownSession_Returns4xxAndStoresNothing()
    {
        var bobs = await _server.InsertSessionAsync("PRT-100", "bob", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        var bytes = RandomBytes(100);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);

        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "body_close", bobs)), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "body_close", "no-such-session")), HttpStatusCode.NotFound);
        Assert.Equal(0, await CheckpointCountAsync());
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM edit_sessions WHERE ended_at IS NOT NULL"));
    }
}
