using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Client.Files;
using Silo.Client.Http;
using Silo.Protocol.Lineage;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Probes;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;
using Xunit.Abstractions;

namespace SiloMod.Core.Tests.Integration;

/// <summary>
/// A workstation core in a child process, killed with SIGKILL between two steps of a download or
/// a push (or at random moments of large downloads), then started again over the same folders, as
/// after a crash of FreeCAD. Whatever the moment: no false conflict, no temp file left once it
/// started again, no checkpoint lost or stored twice, and every synced file a whole server version.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class KilledWorkstationTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-100";
    private const string Category = "Brackets";
    private const string Description = "Mounting bracket";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    private readonly TempFolder _temp = new();
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<CoreProcess> _processes = [];
    private SiloTestServer _server = null!;
    private ISiloClient _alice = null!;
    private string _aliceToken = "";
    private string _bobToken = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        _aliceToken = await _server.CreateUserAsync("alice", "editor");
        _bobToken = await _server.CreateUserAsync("bob", "editor");
        _alice = ClientFor(_aliceToken);
        await _server.CreateItemAsync(Pn, Category, "Rover", Description);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private string Root(string user) => _temp.Combine(user);

    private string State(string user) => _temp.Combine(user, "state");

    private string Projects(string user) => _temp.Combine(user, "projects");

    private string BobFile => SubscriptionPaths.SubscriptionFilePath(Projects("bob"), Category, Pn, Description);

    [Fact]
    public async Task Download_KilledAfterEachStep_NoFalseConflictNoLeftoverEveryFileAWholeServerVersion()
    {
        await SubscribeBobAsync();
        var report = new KillReport("download, killed after each step");
        List<string> leftovers = [];
        for (var round = 0; round < 3; round++)
        {
            foreach (var step in CoreSteps.Download)
            {
                // Pushed while bob is down: the version the next start reconciles to, over whatever the kill left.
                await AlicePushesAsync(64 * 1024);
                var bob = Start("bob", _bobToken, stopAt: step);
                await bob.WaitForAsync("started", timeout: StepTimeout);
                report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
                // A conflict stalls the item, so the step would never come: it ends the wait, and is counted.
                await bob.WaitForAnyAsync(["stopped", "file_conflict"], timeout: StepTimeout);
                await bob.KillAsync();
                report.Killed(step, bob);
                leftovers = TempFiles("bob");
                report.LeftoversAfterKills += leftovers.Count;
                await AssertWholeServerVersionAsync(BobFile, report);
            }
        }

        await FinishCleanAndAssertAsync(report, leftovers);
    }

    [Fact]
    public async Task Download_KilledAtRandomMomentsOfLargeDownloads_NoFalseConflictNoLeftoverEveryFileAWholeServerVersion()
    {
        await SubscribeBobAsync();
        var report = new KillReport("16 MB downloads, killed 0-600 ms after the download starts");
        var random = new Random(17);
        List<string> leftovers = [];
        for (var kill = 0; kill < 20; kill++)
        {
            await AlicePushesAsync(16 * 1024 * 1024, random);
            var bob = Start("bob", _bobToken);
            await bob.WaitForAsync("started", timeout: StepTimeout);
            report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
            await bob.WaitForAnyAsync(["step", "file_conflict"], l => IsStepOrNoStep(l, CoreSteps.DownloadStarting), timeout: StepTimeout);
            // The moment of the kill is the experiment's input, chosen at random: this waits for nothing.
            await Task.Delay(random.Next(0, 600));
            await bob.KillAsync();
            report.Killed(LastStep(bob) ?? "(before any step)", bob);
            leftovers = TempFiles("bob");
            report.LeftoversAfterKills += leftovers.Count;
            await AssertWholeServerVersionAsync(BobFile, report);
        }

        await FinishCleanAndAssertAsync(report, leftovers);
    }

    [Fact]
    public async Task Push_KilledAfterEachStep_EveryQueuedCheckpointOnceNothingRefusedNoLeftover()
    {
        var report = new KillReport("push, killed after each step");
        var document = _temp.Combine("alice", "work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        var written = new Dictionary<string, string>();
        var neverQueued = new HashSet<string>();
        var queuedUntold = new HashSet<string>();
        List<string> leftovers = [];
        var cycle = 0;
        for (var round = 0; round < 4; round++)
        {
            foreach (var step in CoreSteps.Push)
            {
                var alice = Start("alice", _aliceToken, stopAt: step);
                await alice.WaitForAsync("started", timeout: StepTimeout);
                report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
                var id = (cycle++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                written[id] = WriteDocument(document, id);
                await alice.SendAsync(new { Cmd = "submit", Id = id, PartNumber = Pn, Path = document, Context = CheckpointContexts.BodyClose });
                // Past the enqueue's own steps the submission completes whatever the sender is stopped on: let it, so it is a promise to check.
                if (step != CoreSteps.PushSnapshotCopied && step != CoreSteps.PushQueued)
                    await alice.WaitForAnyAsync(["submitted", "submit_failed", "push_conflict"], l => !l.TryGetProperty("id", out var i) || i.GetString() == id,
                        timeout: StepTimeout);
                // Refused pushes go nowhere, so the step would never come: a conflict ends the wait, and is counted.
                await alice.WaitForAnyAsync(["stopped", "push_conflict"], timeout: StepTimeout);
                await alice.KillAsync();
                // Stopped inside the enqueue: before its entry was written it was never queued; after, it is as good as confirmed.
                if (step == CoreSteps.PushSnapshotCopied) neverQueued.Add(id);
                if (step == CoreSteps.PushQueued) queuedUntold.Add(id);
                report.Killed(step, alice);
                leftovers = TempFiles("alice");
                report.LeftoversAfterKills += leftovers.Count;
            }
        }

        await VerifyPushesAsync(report, document, written, neverQueued, queuedUntold, leftovers);
    }

    [Fact]
    public async Task Push_KilledAtRandomMoments_EveryQueuedCheckpointOnceNothingRefusedNoLeftover()
    {
        var report = new KillReport("4 MB pushes, killed 0-500 ms after the submission");
        var document = _temp.Combine("alice", "work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        var written = new Dictionary<string, string>();
        var random = new Random(23);
        List<string> leftovers = [];
        for (var kill = 0; kill < 20; kill++)
        {
            var alice = Start("alice", _aliceToken);
            await alice.WaitForAsync("started", timeout: StepTimeout);
            report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
            var id = kill.ToString(System.Globalization.CultureInfo.InvariantCulture);
            written[id] = WriteDocument(document, id, 4 * 1024 * 1024, random);
            await alice.SendAsync(new { Cmd = "submit", Id = id, PartNumber = Pn, Path = document, Context = CheckpointContexts.BodyClose });
            // The moment of the kill is the experiment's input, chosen at random: this waits for nothing.
            await Task.Delay(random.Next(0, 500));
            await alice.KillAsync();
            report.Killed(LastStep(alice) ?? "(before any step)", alice);
            leftovers = TempFiles("alice");
            report.LeftoversAfterKills += leftovers.Count;
        }

        await VerifyPushesAsync(report, document, written, [], [], leftovers);
    }

    /// <summary>A last run left to finish; then every queued checkpoint on the server once, and nothing else.</summary>
    /// <param name="neverQueued">Submissions killed before their entry existed: nothing may push them.</param>
    /// <param name="queuedUntold">Submissions whose entry was written though the host was not told yet: they count as queued.</param>
    private async Task VerifyPushesAsync(KillReport report, string document, Dictionary<string, string> written, HashSet<string> neverQueued,
        HashSet<string> queuedUntold, List<string> leftovers)
    {
        var last = Start("alice", _aliceToken);
        await last.WaitForAsync("started", timeout: StepTimeout);
        report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
        await last.WaitForAsync("status", l => l.GetProperty("checkpoints").GetInt32() == 0, timeout: StepTimeout);
        await last.QuitAsync();
        report.Ran(last);

        var submitted = _processes.SelectMany(p => p.Of("submitted")).Select(l => l.GetProperty("id").GetString()!).Concat(queuedUntold).ToHashSet();
        var versions = await _alice.ListVersionsAsync(Pn, limit: 1000);
        var stored = versions.GroupBy(v => v.FileHash).ToDictionary(g => g.Key, g => g.Count());
        report.Lost = submitted.Count(id => !stored.ContainsKey(written[id]));
        report.Duplicated = stored.Values.Count(n => n > 1);
        // Killed before its entry existed: nothing may push it. (Others killed before the host was told may or may not have made it.)
        report.Unexpected = neverQueued.Count(id => stored.ContainsKey(written[id]));
        report.LeftoversAfterRecovery = TempFiles("alice").Count
            + Directory.EnumerateFiles(Path.Combine(State("alice"), "outbox"), "*", SearchOption.AllDirectories).Count();
        var lineage = JsonDocument.Parse(File.ReadAllText(Path.Combine(State("alice"), "lineage.json"))).RootElement;
        var baseHash = lineage.GetProperty(Path.GetFullPath(document)).GetProperty("base").GetProperty("fileHash").GetString();
        output.WriteLine($"{written.Count} submissions: {submitted.Count} queued for sure, {neverQueued.Count} killed before their entry existed; " +
            $"{versions.Count} versions on the server");
        output.WriteLine(report.ToString());
        report.AssertClean(minimumKills: 20);
        Assert.Equal(versions[0].FileHash, baseHash);
        Assert.InRange(versions.Count, submitted.Count, written.Count - neverQueued.Count);
    }

    // ---------------------------------------------------------------------------------------------

    private async Task SubscribeBobAsync()
    {
        var bob = Start("bob", _bobToken);
        var started = await bob.WaitForAsync("started", timeout: StepTimeout);
        var workstation = started.GetProperty("workstation_id").GetString()!;
        await ClientFor(_bobToken).CreateSubscriptionAsync(workstation, SubscriptionTypes.Item, Pn, RevisionPolicies.Latest);
        await bob.QuitAsync();
    }

    /// <summary>Ends a download scenario: the clean run, the report printed whatever happens (a failing run's figures are what explain it), then its verdict.</summary>
    private async Task FinishCleanAndAssertAsync(KillReport report, IReadOnlyList<string> leftovers)
    {
        try
        {
            await FinishCleanAsync(report, leftovers);
        }
        finally
        {
            output.WriteLine(report.ToString());
        }
        report.AssertClean(minimumKills: 20);
    }

    /// <summary>One more version, then a run left alone to the end: it must reach the head cleanly.</summary>
    /// <param name="leftovers">The temp files the last kill left.</param>
    private async Task FinishCleanAsync(KillReport report, IReadOnlyList<string> leftovers)
    {
        var head = await AlicePushesAsync(64 * 1024);
        var bob = Start("bob", _bobToken);
        await bob.WaitForAsync("started", timeout: StepTimeout);
        report.LeftoversSurvivingStart += leftovers.Count(File.Exists);
        await bob.WaitForAnyAsync(["step", "file_conflict"], l => IsStepOrNoStep(l, CoreSteps.DownloadAcknowledged), timeout: StepTimeout);
        await bob.QuitAsync();
        report.Ran(bob);

        Assert.Equal(head.FileHash, Sha256(BobFile));
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(State("bob"), "sync-state.json"))).RootElement.GetProperty("files").GetProperty(Pn);
        Assert.Equal((head.FileHash, head.Version), (state.GetProperty("file_hash").GetString(), state.GetProperty("version").GetInt64()));
        var lineage = JsonDocument.Parse(File.ReadAllText(Path.Combine(State("bob"), "lineage.json"))).RootElement.GetProperty(BobFile);
        Assert.Equal(head.Version, lineage.GetProperty("base").GetProperty("version").GetInt64());
        Assert.Empty(new IncomingFiles(Path.Combine(State("bob"), SyncManager.IncomingFileName)).All());
        report.LeftoversAfterRecovery = TempFiles("bob").Count;
        var workstation = bob.Of("started")[0].GetProperty("workstation_id").GetString()!;
        var diff = await ClientFor(_bobToken).GetSyncDiffAsync(workstation);
        Assert.Empty(diff.Downloads.Concat(diff.Updates));
    }

    private CoreProcess Start(string user, string token, string? stopAt = null)
    {
        var process = CoreProcess.Start(_server.BaseAddress, token, State(user), Projects(user), stopAt, reconnectDelay: TimeSpan.FromMilliseconds(200));
        _processes.Add(process);
        return process;
    }

    /// <summary>Temp files anywhere in the user's folders: what a killed write leaves.</summary>
    private List<string> TempFiles(string user) =>
        [.. Directory.EnumerateFiles(Root(user), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".part", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal))];

    private async Task AssertWholeServerVersionAsync(string path, KillReport report)
    {
        if (!File.Exists(path)) return;
        var hash = Sha256(path);
        if ((await _alice.ListVersionsAsync(Pn, hash)).Count == 0) report.PartialFiles++;
    }

    private static bool IsStepOrNoStep(JsonElement line, string step) =>
        CoreProcess.Kind(line) != "step" || line.GetProperty("step").GetString() == step;

    private static string? LastStep(CoreProcess process) =>
        process.Of("step").Select(l => l.GetProperty("step").GetString()).LastOrDefault();

    /// <summary>A new checkpoint on the item's head, as alice's up-to-date workbench would push it.</summary>
    private async Task<ItemVersion> AlicePushesAsync(int size, Random? random = null)
    {
        var bytes = new byte[size];
        (random ?? Random.Shared).NextBytes(bytes);
        var source = _temp.Combine("alice-pushes", Guid.NewGuid().ToString("N") + ".FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await File.WriteAllBytesAsync(source, bytes);
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        var head = (await _alice.GetItemAsync(Pn)).Head;
        await _alice.PushCheckpointAsync(Pn, source, CheckpointContexts.BodyClose, lineage: new PushLineage(head?.Ref));
        File.Delete(source);
        return (await _alice.GetItemAsync(Pn)).Head!;
    }

    private static string WriteDocument(string path, string id, int size = 32 * 1024, Random? random = null)
    {
        var bytes = new byte[size];
        (random ?? Random.Shared).NextBytes(bytes);
        System.Text.Encoding.ASCII.GetBytes("cycle " + id).CopyTo(bytes, 0);
        File.WriteAllBytes(path, bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private ISiloClient ClientFor(string token)
    {
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = token;
            o.Timeout = TimeSpan.FromSeconds(60);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ISiloClient>();
    }
}
