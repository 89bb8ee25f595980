using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Silo.Client;
using Silo.Protocol.EditSessions;
using Silo.Client.Files;
using Silo.Protocol.Subscriptions;
using Silo.Client.Sync;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Lineage;
using SiloMod.Core.Presence;
using SiloMod.Core.Probes;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Tests.Support;

/// <summary>A SyncManager over a substituted client, a hand-driven event stream and a temp projects folder.</summary>
internal sealed class InboundHarness : IAsyncDisposable
{
    public const string Workstation = "ws-bob";
    public const string Category = "Brackets";

    private readonly TempFolder _temp = new();

    /// <summary>What the fake server serves, by download URL.</summary>
    public ConcurrentDictionary<string, byte[]> Blobs { get; } = new();

    private readonly IStepProbe? _steps;

    /// <param name="steps">Told after each step of a download.</param>
    public InboundHarness(SiloModSettings? settings = null, IStepProbe? steps = null)
    {
        _steps = steps;
        Settings = new SettingsHolder(settings ?? SiloModSettings.Default);
        Presence = new PresenceMap(Signals);
        Recorder = new SignalRecorder(Signals);
        State = SyncStateStore.Open(StatePath);
        Client.GetSyncDiffAsync(default!).ReturnsForAnyArgs(new SyncDiff([], [], [], null));
        Client.GetPresenceAsync(default!).ReturnsForAnyArgs(Array.Empty<ItemEditSessions>());
        Client.DownloadFileAsync(default!, default!).ReturnsForAnyArgs(ci => Serve(ci.ArgAt<string?>(0), ci.ArgAt<string>(1), ci.ArgAt<string?>(2)));
        Manager = Build();
    }

    public ISiloClient Client { get; } = Substitute.For<ISiloClient>();

    public TestEventSource Events { get; } = new();

    public SettingsHolder Settings { get; }

    public SignalHub Signals { get; } = new();

    public SignalRecorder Recorder { get; }

    public ActiveSessions Held { get; } = new();

    public PresenceMap Presence { get; }

    public ICheckpointOutbox Outbox { get; } = Substitute.For<ICheckpointOutbox>();

    public FakeTimeProvider Time { get; } = TestClock.New();

    public string User { get; set; } = "bob";

    public string ProjectsDir => _temp.Combine("projects");

    public string StatePath => _temp.Combine("state", "sync-state.json");

    public SyncStateStore State { get; }

    public SyncManager Manager { get; }

    public FileLineage Lineage => _lineage ??= new FileLineage(_temp.Combine("state", "lineage.json"), Time);

    private FileLineage? _lineage;

    public SyncManager Build() => new(Client, new SyncManagerOptions(Workstation, ProjectsDir), State, Lineage, Events, Settings, Signals, Presence, Held, Outbox,
        () => User, Time, Incoming, _steps);

    /// <summary>The journal of downloads on their way into files, beside the sync state.</summary>
    public IncomingFiles Incoming => _incoming ??= new IncomingFiles(_temp.Combine("state", SyncManager.IncomingFileName));

    private IncomingFiles? _incoming;

    public string PathOf(string partNumber, string description = "Part") =>
        SubscriptionPaths.SubscriptionFilePath(ProjectsDir, Category, partNumber, description);

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Puts content on the fake server and returns the diff entry offering it.</summary>
    public SyncDiffEntry Offer(string partNumber, string content, int? revision = 1, bool checkpoint = false, string? checkpointUser = null,
        string action = SyncActions.Download, int? current = null)
    {
        var bytes = Bytes(content);
        var hash = Sha(bytes);
        var url = $"/files/{hash}";
        Blobs[url] = bytes;
        return new SyncDiffEntry("id-" + partNumber, partNumber, Category, "Part", checkpoint ? null : revision, current, url, "sub-1", action,
            checkpoint, checkpoint ? "cp-" + hash[..8] : null, checkpoint ? "body_close" : null, checkpointUser, hash);
    }

    public void ServeDiff(params SyncDiffEntry[] entries) =>
        Client.GetSyncDiffAsync(default!).ReturnsForAnyArgs(new SyncDiff(
            [.. entries.Where(e => e.Action == SyncActions.Download)],
            [.. entries.Where(e => e.Action == SyncActions.Update)],
            [.. entries.Where(e => e.Action == SyncActions.Remove)], null));

    /// <summary>The status' first value satisfying the predicate, now or later.</summary>
    public Task<SyncStatus> StatusWhere(Func<SyncStatus, bool> match) =>
        Manager.StatusChanges.Where(match).FirstAsync().Timeout(TimeSpan.FromSeconds(10)).ToTask();

    private Task<string> Serve(string? url, string path, string? expected)
    {
        // Re-stubbing with ReturnsForAnyArgs calls the previous stub once with null arguments.
        if (url is null) return Task.FromResult("");
        var bytes = Blobs[url];
        var hash = Sha(bytes);
        if (expected is not null && expected != hash) throw new InvalidDataException($"{url} hashes to {hash}, not {expected}.");
        Write(path, bytes);
        return Task.FromResult(hash);
    }

    /// <summary>Writes a file as the client's download does: its folder created first.</summary>
    public void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        Recorder.Dispose();
        Events.Dispose();
        Signals.Dispose();
        _temp.Dispose();
    }
}
