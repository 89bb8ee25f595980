using System.Diagnostics;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Http;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Http;

/// <summary>
/// The client against the real server behind <see cref="FaultProxy"/>: dropped connections, 503s,
/// a stalled server. Retry delays and the circuit's break run on a manual clock; only the acquire
/// budget, whose point is wall-clock time, runs on the system clock.
/// </summary>
public sealed class ResilienceHandlerTests : ClientTestBase
{
    private const string Part = "PRT-1";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-client-fault-" + Guid.NewGuid().ToString("N"));
    private FaultProxy _proxy = null!;
    private string _aliceWs = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(_dir);
        _proxy = FaultProxy.Start(Server.BaseAddress);
        await Server.CreateItemAsync(Part);
        _aliceWs = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    public override async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ISiloClient ThroughProxy(int retries = 3, TimeProvider? time = null, Action<SiloClientOptions>? configure = null) =>
        ClientFor(AliceToken, baseAddress: _proxy.BaseAddress, retries: retries, time: time, configure: configure);

    [Fact]
    public async Task AcquireEditSessionAsync_StalledServer_ThrowsUnavailableWithinBudget()
    {
        var budget = TimeSpan.FromSeconds(1.5);
        var client = ThroughProxy(configure: o => o.AcquireBudget = budget);
        _proxy.Stall();

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<UnavailableException>(() => client.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []));
        watch.Stop();

        Assert.InRange(watch.Elapsed, budget - TimeSpan.FromMilliseconds(100), budget + TimeSpan.FromMilliseconds(500));
        Assert.Contains("budget", e.Message, StringComparison.Ordinal);
        Assert.Equal("Stall", Assert.Single(_proxy.Requests).Fault);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_ServerKeepsDroppingConnections_BudgetEndsTheRetries()
    {
        var budget = TimeSpan.FromSeconds(1);
        var client = ThroughProxy(retries: 50, configure: o =>
        {
            o.AcquireBudget = budget;
            o.CircuitBreakerEnabled = false;
        });
        _proxy.DropConnections();

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<UnavailableException>(() => client.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []));
        watch.Stop();

        Assert.InRange(watch.Elapsed, budget - TimeSpan.FromMilliseconds(100), budget + TimeSpan.FromMilliseconds(500));
        // It did retry (the budget, not the retry count, ended the call).
        Assert.True(_proxy.Requests.Count >= 2, $"{_proxy.Requests.Count} attempts");
    }

    [Fact]
    public async Task AcquireEditSessionAsync_HardInterference_IsNotRetried()
    {
        var bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
        await Bob.AcquireEditSessionAsync(Part, bobWs, ContextLevels.Sketch, "Sketch001", []);
        var client = ThroughProxy(retries: 3);

        await Assert.ThrowsAsync<HardInterferenceException>(() => client.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []));

        Assert.Single(_proxy.RequestsTo("POST", $"/api/items/{Part}/edit-session"));
    }

    [Fact]
    public async Task ListWorkstationsAsync_Through503s_RetriesUntilServerAnswers()
    {
        var clock = new SignallingClock();
        var client = ThroughProxy(retries: 3, time: clock);
        _proxy.Answer503(2, retryAfterZero: true);
        _proxy.Answer503(1, retryAfterZero: false);

        var call = client.ListWorkstationsAsync();
        for (var i = 0; i < 3; i++) clock.Advance(await clock.NextTimerAsync());

        Assert.Equal(_aliceWs, Assert.Single(await call).Id);
        Assert.Equal(["Answer503", "Answer503", "Answer503", "PassThrough"], _proxy.RequestsTo("GET", "/api/workstations").Select(r => r.Fault));
    }

    [Fact]
    public async Task ListWorkstationsAsync_DroppedConnection_IsRetried()
    {
        var clock = new SignallingClock();
        var client = ThroughProxy(retries: 3, time: clock);
        _proxy.DropConnections(count: 1);

        var call = client.ListWorkstationsAsync();
        clock.Advance(await clock.NextTimerAsync());

        Assert.Equal(_aliceWs, Assert.Single(await call).Id);
        Assert.Equal(["Drop", "PassThrough"], _proxy.RequestsTo("GET", "/api/workstations").Select(r => r.Fault));
    }

    [Fact]
    public async Task ListWorkstationsAsync_ConnectionResetOnAccept_IsRetried()
    {
        var clock = new SignallingClock();
        var client = ThroughProxy(retries: 3, time: clock);
        _proxy.DropOnAccept(1);

        var call = client.ListWorkstationsAsync();
        clock.Advance(await clock.NextTimerAsync());

        Assert.Equal(_aliceWs, Assert.Single(await call).Id);
        Assert.Equal(2, _proxy.Connections);
        Assert.Equal("PassThrough", Assert.Single(_proxy.Requests).Fault);
    }

    [Fact]
    public async Task PushCheckpointAsync_CommitAnswerLost_RetryWithSameKeyMakesOneCheckpoint()
    {
        var clock = new SignallingClock();
        var client = ThroughProxy(retries: 3, time: clock);
        var path = Path.Combine(_dir, "part.FCStd");
        await File.WriteAllTextAsync(path, "body state");
        var commit = $"/api/items/{Part}/checkpoint";
        // The server commits and answers; the answer never reaches the client.
        _proxy.DropResponses(afterBytes: 0, count: 1, method: "POST", path: commit);

        var call = client.PushCheckpointAsync(Part, path, CheckpointContexts.Manual);
        clock.Advance(await clock.NextTimerAsync());
        var result = await call;

        var attempts = _proxy.RequestsTo("POST", commit);
        Assert.Equal(["Cut", "PassThrough"], attempts.Select(r => r.Fault));
        Assert.False(string.IsNullOrEmpty(attempts[0].Header("Idempotency-Key")));
        Assert.Equal(attempts[0].Header("Idempotency-Key"), attempts[1].Header("Idempotency-Key"));
        Assert.Equal(result.CheckpointId, Assert.Single(await Alice.ListCheckpointsAsync(Part)).Id);
    }

    [Fact]
    public async Task ListWorkstationsAsync_RepeatedFailures_CircuitOpensThenClosesAfterBreak()
    {
        var clock = TestClock.New();
        var breakDuration = TimeSpan.FromSeconds(10);
        var client = ThroughProxy(retries: 0, time: clock, configure: o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerBreakDuration = breakDuration;
        });
        _proxy.DropConnections();
        await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        Assert.Equal(2, _proxy.Connections);

        // Open: fails fast without a connection, even though the server could now answer.
        _proxy.PassThrough();
        var e = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        Assert.Contains("is not asked again", e.Message, StringComparison.Ordinal);
        clock.Advance(breakDuration - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        Assert.Equal(2, _proxy.Connections);

        // After the break a trial call goes through; its success closes the circuit.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await client.ListWorkstationsAsync());
        Assert.Single(await client.ListWorkstationsAsync());
        Assert.Equal(4, _proxy.Connections);
    }

    [Fact]
    public async Task ListWorkstationsAsync_TrialCallFailsAfterBreak_CircuitOpensAgain()
    {
        var clock = TestClock.New();
        var breakDuration = TimeSpan.FromSeconds(10);
        var client = ThroughProxy(retries: 0, time: clock, configure: o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = breakDuration;
        });
        _proxy.DropConnections();
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());

        clock.Advance(breakDuration);
        var trial = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        var next = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());

        Assert.DoesNotContain("circuit", trial.Message, StringComparison.Ordinal);
        Assert.Contains("is not asked again", next.Message, StringComparison.Ordinal);
        Assert.Equal(3, _proxy.Connections);
    }

    [Fact]
    public async Task ListWorkstationsAsync_Gateway503s_OpenTheCircuit()
    {
        var clock = TestClock.New();
        var client = ThroughProxy(retries: 0, time: clock, configure: o => o.CircuitBreakerMinimumThroughput = 3);
        _proxy.Answer503(3);

        for (var i = 0; i < 3; i++) await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        var e = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());

        Assert.Contains("is not asked again", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, _proxy.Connections);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_StalledServerPastBudget_OpensTheCircuit()
    {
        var clock = new SignallingClock();
        var budget = TimeSpan.FromSeconds(1.5);
        var client = ThroughProxy(retries: 0, time: clock, configure: o =>
        {
            o.AcquireBudget = budget;
            o.CircuitBreakerMinimumThroughput = 2;
        });
        _proxy.Stall();

        for (var i = 0; i < 2; i++)
        {
            var call = client.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);
            Assert.Equal(budget, await clock.NextTimerAsync());
            // The budget ends only once the call reached the stalled server: a connection still on
            // its way when the count below is taken would look like one the open circuit let through.
            await ConnectionsReachAsync(i + 1);
            clock.Advance(budget);
            await Assert.ThrowsAsync<UnavailableException>(() => call);
        }
        var connections = _proxy.Connections;
        var e = await Assert.ThrowsAsync<UnavailableException>(() => client.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []));

        Assert.Contains("is not asked again", e.Message, StringComparison.Ordinal);
        Assert.Equal(connections, _proxy.Connections);
    }

    [Fact]
    public async Task GetEditSessionsAsync_ClientErrors_NeverOpenTheCircuit()
    {
        var client = ThroughProxy(retries: 0, time: TestClock.New(), configure: o => o.CircuitBreakerMinimumThroughput = 2);

        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<NotFoundException>(() => client.GetEditSessionsAsync("NO-SUCH"));

        Assert.Empty(await client.GetEditSessionsAsync(Part));
        Assert.Equal(5, _proxy.Connections);
    }

    [Fact]
    public async Task DownloadFileAsync_OtherHostFailing_LeavesServerCircuitClosed()
    {
        var (_, hash) = await ServerKit.PushCheckpointAsync(Server, AliceToken, Part, "cdn bytes", CheckpointContexts.Manual);
        var url = (await Alice.GetLatestCheckpointAsync(Part))!.DownloadUrl!;
        await using var cdn = FaultProxy.Start(Server.BaseAddress);
        cdn.DropConnections();
        var client = ThroughProxy(retries: 0, time: TestClock.New(), configure: o => o.CircuitBreakerMinimumThroughput = 2);
        var elsewhere = new Uri(cdn.BaseAddress, url).AbsoluteUri;

        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<UnavailableException>(() => client.DownloadFileAsync(elsewhere, Path.Combine(_dir, "x.FCStd"), hash));

        // Every failed download reached the other host, and the server's circuit stayed closed.
        Assert.Equal(3, cdn.Connections);
        Assert.All(cdn.Requests, r => Assert.Null(r.Header("Authorization")));
        Assert.Single(await client.ListWorkstationsAsync());
    }

    [Fact]
    public async Task DownloadFileAsync_ConnectionCutMidway_LeavesNoFileAndNoTempFile()
    {
        var content = string.Concat(Enumerable.Range(0, 40_000).Select(i => i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)));
        var (_, hash) = await ServerKit.PushCheckpointAsync(Server, AliceToken, Part, content, CheckpointContexts.Manual);
        var url = (await Alice.GetLatestCheckpointAsync(Part))!.DownloadUrl!;
        var client = ThroughProxy(retries: 3);
        // Headers and part of the body arrive, then the connection closes short of Content-Length.
        _proxy.DropResponses(afterBytes: 100_000, reset: false, method: "GET", path: $"/api/blobs/{hash}");
        var target = Path.Combine(_dir, "PRT-1.FCStd");

        await Assert.ThrowsAsync<UnavailableException>(() => client.DownloadFileAsync(url, target, hash));

        Assert.Equal("Cut", Assert.Single(_proxy.RequestsTo("GET", $"/api/blobs/{hash}")).Fault);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_WrongExpectedHash_ThrowsAndLeavesPreviousFileByteIdentical()
    {
        await ServerKit.PushCheckpointAsync(Server, AliceToken, Part, "server bytes", CheckpointContexts.Manual);
        var url = (await Alice.GetLatestCheckpointAsync(Part))!.DownloadUrl!;
        var client = ThroughProxy();
        var target = Path.Combine(_dir, "PRT-1.FCStd");
        var previous = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096);
        await File.WriteAllBytesAsync(target, previous);

        await Assert.ThrowsAsync<InvalidDataException>(() => client.DownloadFileAsync(url, target, new string('0', 64)));

        Assert.Equal(previous, await File.ReadAllBytesAsync(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_dir));
        Assert.Equal("PassThrough", Assert.Single(_proxy.Requests).Fault);
    }

    private async Task ConnectionsReachAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_proxy.Connections < count) await Task.Delay(10, timeout.Token);
    }
}
