using System.Net;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private string _sha = "";
    private long _size;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync("--checkpoint-ttl", "90.00:00:00");
        await _server.CreateItemAsync("PRT-100");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        var bytes = RandomBytes(500);
        _sha = await UploadAsync(_server, _alice, "PRT-100", bytes);
        _size = bytes.Length;
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    private Task<long> CheckpointCountAsync() => _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints");

    [Fact]
    public async Task Create_RetriedWithSameKey_ReturnsFirstResultWithoutSecondCheckpoint()
    {
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "viewer"));
        await _server.SubscribeAsync([await RegisterWorkstationAsync(bob, "bob-laptop")], "item", "PRT-100");
        var body = Body(_sha, _size, "manual", dag: Dag(("A", "B")));

        using var first = await PostCheckpointAsync(_alice, "PRT-100", body, "push-7f3a");
        var firstJson = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var events = await _server.EventCountAsync();

        using var retry = await PostCheckpointAsync(_alice, "PRT-100", body, "push-7f3a");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(firstJson, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        Assert.Equal(1, await CheckpointCountAsync());
        Assert.Equal(events, await _server.EventCountAsync());
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE type = 'subscription.checkpoint'"));
    }

    [Fact]
    public async Task Create_RetriedAfterItemWasLocked_StillReplaysFirstResult()
    {
        var body = Body(_sha, _size, "manual");
        var first = await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "k1"), HttpStatusCode.Created);
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        await HttpAssert.JsonAsync(await bob.PostAsync("/api/items/PRT-100/lock", null), HttpStatusCode.Created);

        var retry = await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "k1"), HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("checkpoint_id").GetString(), retry.GetProperty("checkpoint_id").GetString());
        // A new request is refused by the lock as usual.
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "k2"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_SameKeyDifferentRequest_Returns422AndStoresNothing()
    {
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(_sha, _size, "manual"), "k1"), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(_sha, _size, "autosave"), "k1"), HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_SameKeyOtherUser_IsIndependent()
    {
        using var carol = _server.Client(await _server.CreateUserAsync("carol", "editor"));
        var body = Body(_sha, _size, "manual");
        var a = await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "shared"), HttpStatusCode.Created);
        var c = await HttpAssert.JsonAsync(await PostCheckpointAsync(carol, "PRT-100", body, "shared"), HttpStatusCode.Created);
        Assert.NotEqual(a.GetProperty("checkpoint_id").GetString(), c.GetProperty("checkpoint_id").GetString());
        Assert.Equal(2, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_WithoutKey_EveryPostIsNew()
    {
        var body = Body(_sha, _size, "manual");
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body), HttpStatusCode.Created);
        Assert.Equal(2, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_MalformedKey_Returns400AndStoresNothing()
    {
        const string key = "has space";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/items/PRT-100/checkpoint")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Body(_sha, _size, "manual"), options: Silo.Server.Json.SiloJson.Options),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        await HttpAssert.ProblemAsync(await _alice.SendAsync(request), HttpStatusCode.BadRequest);
        await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(_sha, _size, "manual"), new string('k', 256)), HttpStatusCode.BadRequest);
        Assert.Equal(0, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Create_ConcurrentRetries_AllGetTheSameCheckpoint()
    {
        var body = Body(_sha, _size, "body_close");
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "burst"), HttpStatusCode.Created)));
        Assert.Single(responses.Select(r => r.GetProperty("checkpoint_id").GetString()).Distinct());
        Assert.Equal(1, await CheckpointCountAsync());
    }

    [Fact]
    public async Task Maintenance_KeyPastRetention_IsPrunedAndCanBeReused()
    {
        var body = Body(_sha, _size, "manual");
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "daily"), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromHours(23));
        await _server.RunMaintenanceAsync();
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys"));

        _server.Clock.Advance(TimeSpan.FromHours(2));
        await _server.RunMaintenanceAsync();
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys"));
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "daily"), HttpStatusCode.Created);
        Assert.Equal(2, await CheckpointCountAsync());
    }
}
