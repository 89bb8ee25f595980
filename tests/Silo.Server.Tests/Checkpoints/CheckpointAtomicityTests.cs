using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Checkpoints;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

/// <summary>A fault between any two steps of a checkpoint commit must leave no trace of it.</summary>
public sealed class CheckpointAtomicityTests : IAsyncLifetime
{
    /// <summary>The one item's versions (numbered 1…n) and its head, on either engine.</summary>
    private const string VersionsAndHead =
        "SELECT COUNT(*) || '/' || COALESCE(MAX(version), 0) || '/' || COALESCE((SELECT head_version FROM items), 0) FROM versions";

    private readonly FaultingProbe _probe = new();
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    private sealed class FaultingProbe : ICheckpointCommitProbe
    {
        public string? FailAt { get; set; }

        public List<string> Seen { get; } = [];

        public Task StepAsync(string completedStep, CancellationToken ct)
        {
            lock (Seen) Seen.Add(completedStep);
            if (completedStep == FailAt) throw new InvalidOperationException($"Injected fault after {completedStep}.");
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync(services => services.AddSingleton<ICheckpointCommitProbe>(_probe));
        await _server.CreateItemAsync("PRT-100");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string> Steps => new(CheckpointCommitSteps.All);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Create_FaultAfterStep_Returns500AndLeavesNoTrace(string step)
    {
        // Everything a full commit touches: a live session, an old DAG, a subscriber, an idempotency key.
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "viewer"));
        var workstation = await RegisterWorkstationAsync(bob, "bob-laptop");
        await _server.SubscribeAsync([workstation], "item", "PRT-100");
        await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "autosave", dag: Dag(("Old", "Dag")));
        var session = await _server.InsertSessionAsync("PRT-100", "alice", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        var bytes = RandomBytes(1000);
        var sha = await UploadAsync(_server, _alice, "PRT-100", bytes);

        var checkpoints = await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints");
        var dag = await _server.ScalarAsync<string>("SELECT dag || checkpoint_id || updated_at FROM dags");
        var events = await _server.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM events");
        _probe.Seen.Clear();
        _probe.FailAt = step;

        var body = await OnHeadAsync(_alice, "PRT-100", Body(sha, bytes.Length, "body_close", session, Dag(("Sketch", "Pad"))));
        var versions = await _server.ScalarAsync<string>(VersionsAndHead);
        var problem = await HttpAssert.ProblemAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "key-1"), HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("Injected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(step, _probe.Seen[^1]);

        Assert.Equal(checkpoints, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"));
        Assert.Equal(dag, await _server.ScalarAsync<string>("SELECT dag || checkpoint_id || updated_at FROM dags"));
        Assert.Equal(events, await _server.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM events"));
        Assert.Equal(1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM edit_sessions WHERE id = @session AND ended_at IS NULL", new { session }));
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys"));
        Assert.Equal(versions, await _server.ScalarAsync<string>(VersionsAndHead));

        // The fault is gone: the same request with the same key now goes through, once.
        _probe.FailAt = null;
        var result = await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", body, "key-1"), HttpStatusCode.Created);
        Assert.True(result.GetProperty("session_released").GetBoolean());
        Assert.Equal(1, result.GetProperty("subscribers_notified").GetInt32());
        Assert.Equal(checkpoints + 1, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM checkpoints"));
    }

    [Fact]
    public async Task Create_WithoutFault_PassesEveryStepInOrder()
    {
        var session = await _server.InsertSessionAsync("PRT-100", "alice", "Body", fencingToken: 1, expiresIn: TimeSpan.FromMinutes(2));
        await PushAsync(_server, _alice, "PRT-100", RandomBytes(100), "manual", session, Dag(("A", "B")));
        Assert.Equal(CheckpointCommitSteps.All, _probe.Seen);
    }
}
