using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using Silo.Protocol.Checkpoints;
using Silo.Client.Files;
using Silo.Client.Http;
using Silo.Protocol.Lineage;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Host;
using SiloMod.Core.Probes;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;
using Xunit.Abstractions;

namespace SiloMod.Core.Tests.Integration;

/// <summary>
/// The workstation's disk fills (a real tmpfs, root only), against the real server: a checkpoint
/// the server took is never called refused, a download never becomes a conflict, the user reads
/// that the disk is full, nothing is lost or stored twice, and both resume once there is room.
/// The core's clock runs 10 times faster, so its retry delays pass in a fraction of a second.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class FullDiskTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-600";
    private const string Category = "Brackets";
    private const string Description = "Bracket";

    private readonly TempFolder _temp = new();
    private readonly RunningClock _clock = new(speed: 10);
    private readonly List<IDisposable> _owned = [];
    private SiloTestServer _server = null!;
    private SmallDisk? _disk;
    private WorkbenchCore? _core;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn, Category, "Rover", Description);
    }

    public async Task DisposeAsync()
    {
        // The core first: the disk cannot be unmounted while it holds files there.
        if (_core is not null) await _core.DisposeAsync();
        if (_disk is not null) await _disk.DisposeAsync();
        foreach (var owned in _owned) owned.Dispose();
        await _clock.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Push_DiskFillsOnceTheServerAccepted_ToldTheDiskIsFullNotRefusedRecordedOnceThereIsRoom()
    {
        _disk = await SmallDisk.MountAsync(_temp.Combine("disk"), megabytes: 8);
        var filled = 0;
        var steps = new StepRecorder
        {
            // The server has the checkpoint, nothing is written down yet: the worst moment for the disk to fill.
            At = (step, _) =>
            {
                if (step == CoreSteps.PushAccepted && Interlocked.Exchange(ref filled, 1) == 0) _disk.Fill();
                return ValueTask.CompletedTask;
            },
        };
        var core = await StartAsync("alice", steps);
        var seen = Record(core);
        var document = _temp.Combine("work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        var first = WriteDocument(document, 256 * 1024);
        var told = Next<SyncError>(core, e => e.Message.Contains("could not write that down", StringComparison.Ordinal));
        var pushed = Next<CheckpointPushed>(core, p => p.FileHash == first);

        await core.SubmitCheckpointAsync(new CheckpointSubmission(Pn, document, CheckpointContexts.BodyClose, SessionId: null, Dag: null));
        var error = await told;
        output.WriteLine("while full: " + error.Message);
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, core.Status.Checkpoints);
        Assert.Single(await VersionsAsync(first));

        _disk.Free();
        await pushed;
        var second = WriteDocument(document, 256 * 1024);
        var pushedAgain = Next<CheckpointPushed>(core, p => p.FileHash == second);
        await core.SubmitCheckpointAsync(new CheckpointSubmission(Pn, document, CheckpointContexts.BodyClose, SessionId: null, Dag: null));
        await pushedAgain;

        var signals = Snapshot(seen);
        var refusals = signals.OfType<SyncError>().Count(e => e.Message.Contains("refused", StringComparison.OrdinalIgnoreCase));
        var failed = Directory.GetFiles(Path.Combine(_disk.Path, "state", "outbox", "failed"));
        var (once, twice) = (await VersionsAsync(first), await VersionsAsync(second));
        output.WriteLine($"push while the disk filled: false refusals {refusals}, push conflicts {signals.OfType<PushConflict>().Count()}, " +
            $"set aside in failed/ {failed.Length}, stored {once.Count} and {twice.Count} times, waiting {core.Status.Checkpoints}");
        Assert.Equal((0, 0, 0), (refusals, signals.OfType<PushConflict>().Count(), failed.Length));
        Assert.Equal((1, 1, 0), (once.Count, twice.Count, core.Status.Checkpoints));
        // The item's last pushed checkpoint is written down, as after any push.
        Assert.Contains(second, await File.ReadAllTextAsync(Path.Combine(_disk.Path, "state", "pushed-checkpoints.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_DiskFull_ToldTheDiskIsFullNoConflictFetchedOnceThereIsRoom()
    {
        _disk = await SmallDisk.MountAsync(_temp.Combine("disk"), megabytes: 8);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new StepRecorder
        {
            At = (step, _) =>
            {
                if (step == CoreSteps.DownloadAcknowledged) arrived.TrySetResult();
                return ValueTask.CompletedTask;
            },
        };
        var core = await StartAsync("bob", steps);
        var seen = Record(core);
        await (await ClientAsync("bob")).CreateSubscriptionAsync(core.Identity.WorkstationId, SubscriptionTypes.Item, Pn, RevisionPolicies.Latest);
        var target = SubscriptionPaths.SubscriptionFilePath(Path.Combine(_disk.Path, "projects"), Category, Pn, Description);

        _disk.Fill();
        var told = Next<SyncError>(core, e => e.PartNumber == Pn && e.Message.Contains("could not be written", StringComparison.Ordinal));
        var head = await AlicePushesAsync(1024 * 1024);
        var error = await WithSignalsAsync(told, seen);
        output.WriteLine("while full: " + error.Message);
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));

        _disk.Free();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var signals = Snapshot(seen);
        var leftovers = Directory.EnumerateFiles(_disk.Path, "*.part", SearchOption.AllDirectories).Count();
        output.WriteLine($"download while the disk was full: false conflicts {signals.OfType<FileConflict>().Count()}, " +
            $"temp files left {leftovers}, file {(Sha256(target) == head.FileHash ? "is" : "is not")} the server's head");
        Assert.Equal((0, 0), (signals.OfType<FileConflict>().Count(), leftovers));
        Assert.Equal(head.FileHash, Sha256(target));
    }

    private async Task<WorkbenchCore> StartAsync(string user, StepRecorder? steps = null)
    {
        var token = await TokenAsync(user);
        _core = await WorkbenchCore.StartAsync(new WorkbenchOptions(_server.BaseAddress, token, Path.Combine(_disk!.Path, "state"),
            Path.Combine(_disk.Path, "projects"))
        {
            Time = _clock.Time,
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
            Steps = steps,
        });
        return _core;
    }

    private async Task<Silo.Client.ISiloClient> ClientAsync(string user)
    {
        var token = user == "admin" ? _server.AdminToken : await TokenAsync(user);
        var client = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = token;
        });
        _owned.Add(client);
        return client.Client;
    }

    private readonly Dictionary<string, string> _tokens = [];

    private async Task<string> TokenAsync(string user)
    {
        if (!_tokens.TryGetValue(user, out var token)) _tokens[user] = token = await _server.CreateUserAsync(user, "editor");
        return token;
    }

    private async Task<IReadOnlyList<ItemVersion>> VersionsAsync(string hash) => await (await ClientAsync("admin")).ListVersionsAsync(Pn, hash);

    /// <summary>A new checkpoint on the item's head, from another workstation.</summary>
    private async Task<ItemVersion> AlicePushesAsync(int size)
    {
        var alice = await ClientAsync("alice");
        var source = _temp.Combine("alice", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        WriteDocument(source, size);
        var head = (await alice.GetItemAsync(Pn)).Head;
        await alice.PushCheckpointAsync(Pn, source, CheckpointContexts.BodyClose, lineage: new PushLineage(head?.Ref));
        return (await alice.GetItemAsync(Pn)).Head!;
    }

    private static string WriteDocument(string path, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The awaited signal; should it not come, what came instead is printed.</summary>
    private async Task<T> WithSignalsAsync<T>(Task<T> next, List<SiloModSignal> seen)
    {
        try
        {
            return await next;
        }
        catch (TimeoutException)
        {
            foreach (var signal in Snapshot(seen)) output.WriteLine(signal.ToString());
            throw;
        }
    }

    private List<SiloModSignal> Record(WorkbenchCore core)
    {
        var seen = new List<SiloModSignal>();
        _owned.Add(core.Signals.Subscribe(s =>
        {
            lock (seen) seen.Add(s);
        }));
        return seen;
    }

    private static List<SiloModSignal> Snapshot(List<SiloModSignal> seen)
    {
        lock (seen) return [.. seen];
    }

    private static Task<T> Next<T>(WorkbenchCore core, Func<T, bool> match) where T : SiloModSignal =>
        Next(core.Signals.OfType<T>(), match);

    private static Task<T> Next<T>(IObservable<T> source, Func<T, bool> match) =>
        source.Where(match).FirstAsync().Timeout(TimeSpan.FromSeconds(30)).ToTask();
}
