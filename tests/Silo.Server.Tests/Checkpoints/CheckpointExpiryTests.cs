using System.Net;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

public sealed class CheckpointExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        // Maintenance runs only when a test says so, never from the timer while the clock moves.
        _server = await SiloTestServer.StartAsync("--checkpoint-ttl", "01:00:00", "--blob-grace", "00:10:00");
        await _server.CreateItemAsync("PRT-100");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    private Task<long> BlobRowsAsync(string sha) => _server.ScalarAsync<long>("SELECT COUNT(*) FROM blobs WHERE sha256 = @sha", new { sha });

    [Fact]
    public async Task Checkpoint_PastTtlAfterASuccessor_IsHiddenAtOnceThenSweptWithItsBlob()
    {
        var bytes = RandomBytes(1000);
        var id = (await PushAsync(_server, _alice, "PRT-100", bytes, "manual", dag: Dag(("A", "B")))).GetProperty("checkpoint_id").GetString();
        var sha = Sha256(bytes);
        // The head is kept however old; its lifetime starts when a newer version replaces it.
        _server.Clock.Advance(Ttl * 3);
        await _server.RunMaintenanceAsync();
        await HttpAssert.JsonAsync(await _alice.GetAsync($"/api/items/PRT-100/checkpoints/{id}"), HttpStatusCode.OK);
        var successor = (await PushAsync(_server, _alice, "PRT-100", RandomBytes(1001), "autosave")).GetProperty("checkpoint_id").GetString();

        _server.Clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        await _server.RunMaintenanceAsync();
        await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.OK);
        Assert.True(File.Exists(_server.BlobPath(sha)));

        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        // Gone for every view before any sweep ran.
        await HttpAssert.ProblemAsync(await _alice.GetAsync($"/api/items/PRT-100/checkpoints/{id}"), HttpStatusCode.NotFound);
        var listed = await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints"), HttpStatusCode.OK);
        Assert.Equal([successor], listed.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(2, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"));

        await _server.RunMaintenanceAsync();
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"));
        Assert.Equal(0, await BlobRowsAsync(sha));
        Assert.False(File.Exists(_server.BlobPath(sha)));
        // The DAG it brought stays the item's latest known structure.
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM dags WHERE checkpoint_id IS NULL"));

        // The server no longer claims to have the bytes.
        var grant = await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_alice, "PRT-100", sha, bytes.Length), HttpStatusCode.OK);
        Assert.False(grant.GetProperty("already_stored").GetBoolean());
    }

    [Fact]
    public async Task BlobCollector_KeepsBlobsOfRevisionsAndLiveCheckpoints()
    {
        // One file both checkpointed and made a revision; another only checkpointed, still live.
        var shared = RandomBytes(500);
        var sha = await UploadAsync(_server, _alice, "PRT-100", shared);
        await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, shared.Length, "manual")), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await _alice.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = sha, comment = "rev 1" }), HttpStatusCode.Created);

        _server.Clock.Advance(Ttl + TimeSpan.FromMinutes(1));
        var live = RandomBytes(600);
        await PushAsync(_server, _alice, "PRT-100", live, "manual");
        _server.Clock.Advance(Grace + TimeSpan.FromMinutes(1));
        await _server.RunMaintenanceAsync();

        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"));
        Assert.True(File.Exists(_server.BlobPath(sha)));
        Assert.Equal(1, await BlobRowsAsync(sha));
        Assert.True(File.Exists(_server.BlobPath(Sha256(live))));
        using var file = await _alice.GetAsync("/api/items/PRT-100/file");
        Assert.Equal(sha, Sha256(await file.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task BlobCollector_UnreferencedBlob_KeptForGraceCountedFromLastAlreadyStoredAnswer()
    {
        var bytes = RandomBytes(700);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);

        _server.Clock.Advance(TimeSpan.FromMinutes(9));
        await _server.RunMaintenanceAsync();
        Assert.True(File.Exists(_server.BlobPath(sha)));
        // The client is told it need not upload: the blob must survive until its checkpoint comes.
        var grant = await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_alice, "PRT-100", sha, bytes.Length), HttpStatusCode.OK);
        Assert.True(grant.GetProperty("already_stored").GetBoolean());

        _server.Clock.Advance(TimeSpan.FromMinutes(9));
        await _server.RunMaintenanceAsync();
        Assert.True(File.Exists(_server.BlobPath(sha)));
        Assert.Equal(1, await BlobRowsAsync(sha));

        _server.Clock.Advance(TimeSpan.FromMinutes(2));
        await _server.RunMaintenanceAsync();
        Assert.False(File.Exists(_server.BlobPath(sha)));
        Assert.Equal(0, await BlobRowsAsync(sha));
        var late = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(sha, bytes.Length, "manual")), HttpStatusCode.UnprocessableEntity);
        Assert.True(late.GetProperty("errors").TryGetProperty("file_hash", out _));
    }

    [Fact]
    public async Task BlobCollector_DeletedCheckpoint_FreesItsBlobAfterGrace()
    {
        var bytes = RandomBytes(800);
        var id = (await PushAsync(_server, _alice, "PRT-100", bytes, "autosave")).GetProperty("checkpoint_id").GetString();
        // Only a checkpoint that is no longer the head may be deleted.
        await PushAsync(_server, _alice, "PRT-100", RandomBytes(801), "autosave");
        _server.Clock.Advance(Grace + TimeSpan.FromSeconds(1));
        await _server.RunMaintenanceAsync();
        Assert.True(File.Exists(_server.BlobPath(Sha256(bytes))));

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/api/items/PRT-100/checkpoints/{id}")).StatusCode);
        await _server.RunMaintenanceAsync();
        Assert.False(File.Exists(_server.BlobPath(Sha256(bytes))));
    }
}
