using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using Silo.Protocol.Checkpoints;
using Silo.Client.Http;
using Silo.Testing;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;
using Xunit.Abstractions;

namespace SiloMod.Core.Tests.Integration;

/// <summary>
/// Checkpoints saved while the server is down leave within seconds of its return, however long
/// the outage grew the outbox's back-off and the event stream's. The real server is stopped and
/// started again; the core's clock runs 20 times faster during the outage (minutes of back-off in
/// seconds) and at real speed from the server's return, when the drain delay is measured.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class OutageDrainTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-500";
    private const double OutageSpeed = 20;
    private static readonly TimeSpan MaxDrainDelay = TimeSpan.FromSeconds(5);

    private readonly TempFolder _temp = new();
    private readonly RunningClock _clock = new(speed: 1);
    private SiloTestServer _server = null!;
    private WorkbenchCore? _core;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn, "Brackets", "Rover", "Bracket");
    }

    public async Task DisposeAsync()
    {
        if (_core is not null) await _core.DisposeAsync();
        await _clock.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Outbox_ServerBackAfterOutagesOf10_45_120s_QueuedCheckpointsDeliveredWithin5s()
    {
        var token = await _server.CreateUserAsync("alice", "editor");
        _core = await WorkbenchCore.StartAsync(new WorkbenchOptions(_server.BaseAddress, token, _temp.Combine("state"), _temp.Combine("projects"))
        {
            Time = _clock.Time,
            // Longer than the whole test: only the outbox's own watch for the server can drain it in time.
            ReconnectDelay = TimeSpan.FromMinutes(5),
            // One attempt per push, so the outbox's back-off (not the client's retries) is what the outage grows.
            ConfigureClient = o => o.MaxRetries = 0,
        });
        var document = _temp.Combine("work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        await SaveAndDeliverAsync(document, "before any outage");

        List<(int Outage, TimeSpan Drain, TimeSpan RealDrain)> figures = [];
        foreach (var outage in new[] { 10, 45, 120 })
        {
            await _server.StopAsync();
            _clock.Speed = OutageSpeed;
            var outageOver = _clock.PassAsync(TimeSpan.FromSeconds(outage));
            var queued = new List<string>();
            for (var i = 0; i < 2; i++) queued.Add(await SaveAsync(document, $"outage {outage} s, save {i}"));
            var delivered = DeliveredAsync(queued);
            await outageOver;
            Assert.Equal(2, _core.Status.Checkpoints);

            _clock.Speed = 1;
            await _server.RestartAsync();
            var returnedAt = _clock.Now;
            var real = Stopwatch.StartNew();
            await delivered;
            figures.Add((outage, _clock.Now - returnedAt, real.Elapsed));
            output.WriteLine($"outage {outage} s: {queued.Count} queued checkpoints delivered {(_clock.Now - returnedAt).TotalSeconds:0.00} s " +
                $"after the server returned ({real.Elapsed.TotalSeconds:0.00} s real)");
        }

        Assert.All(figures, f => Assert.True(f.Drain <= MaxDrainDelay, $"{f.Outage} s outage: drained {f.Drain.TotalSeconds:0.00} s after the return"));
        Assert.Equal(0, _core.Status.Checkpoints);
        // Each save once on the server, in order: 1 before the outages and 2 per outage.
        using var admin = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = _server.AdminToken;
        });
        var versions = await admin.Client.ListVersionsAsync(Pn);
        Assert.Equal(7, versions.Count);
        Assert.Equal(7, versions.Select(v => v.FileHash).Distinct().Count());
    }

    /// <summary>The host saves the document and hands it over as a checkpoint; returns its hash once it is queued.</summary>
    private async Task<string> SaveAsync(string document, string content)
    {
        await File.WriteAllTextAsync(document, content);
        await _core!.SubmitCheckpointAsync(new CheckpointSubmission(Pn, document, CheckpointContexts.BodyClose, SessionId: null, Dag: null));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
    }

    private async Task SaveAndDeliverAsync(string document, string content)
    {
        var delivered = DeliveredAsync([Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)))]);
        await SaveAsync(document, content);
        await delivered;
    }

    /// <summary>Completes when every one of <paramref name="hashes"/> is pushed; subscribed at once, so none is missed.</summary>
    private Task<CheckpointPushed> DeliveredAsync(IReadOnlyCollection<string> hashes)
    {
        var waited = hashes.ToHashSet(StringComparer.Ordinal);
        return _core!.Signals.OfType<CheckpointPushed>()
            .Where(p => waited.Contains(p.FileHash))
            .Take(waited.Count)
            .LastAsync()
            // A safety net in real time, far above the bound the test checks.
            .Timeout(TimeSpan.FromSeconds(60))
            .ToTask();
    }
}
