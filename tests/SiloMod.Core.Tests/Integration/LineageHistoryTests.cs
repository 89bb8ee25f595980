using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Silo.Protocol.Subscriptions;
using Silo.Server.Storage;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;
using Xunit.Abstractions;

namespace SiloMod.Core.Tests.Integration;

/// <summary>
/// A randomized history: eight workstations (eight users), each with a whole core, edit four
/// parts (two on each), push, go offline, restart, settle refused pushes every way, update, touch their synced
/// copies and sync — thousands of operations against the real server. Every file is a set of edit
/// tokens, so a checker can prove from the bytes alone that no accepted version lost work it was
/// built on, that every edit made survives somewhere (server, disk, or the user's own Discard),
/// and that every subscriber ends on the head or holds a conflict it was told about.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class LineageHistoryTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const int Workstations = 8;
    private const int OperationsEach = 1_300;
    private static readonly string[] Parts = ["PRT-H1", "PRT-H2", "PRT-H3", "PRT-H4"];

    private readonly TempFolder _temp = new();
    private readonly List<Station> _stations = [];
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        foreach (var part in Parts) await _server.CreateItemAsync(part, "History", "Rover", part);
        for (var i = 0; i < Workstations; i++)
        {
            var user = $"user{i}";
            var station = new Station(i, user, await _server.CreateUserAsync(user, "editor"), _temp.Combine(user), Parts[i % Parts.Length], FaultProxy.Start(_server.BaseAddress));
            await station.StartAsync();
            foreach (var part in Parts) await station.Core.SubscribeAsync(SubscriptionTypes.Item, part, RevisionPolicies.Latest);
            _stations.Add(station);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var station in _stations) await station.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task RandomHistory_EightWorkstationsTenThousandOperations_LoseNothingAndEndOnTheHeadOrAReportedConflict()
    {
        var seed = Environment.GetEnvironmentVariable("SILOMOD_HISTORY_SEED") is { } given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : 20261130;
        output.WriteLine($"seed {seed}");
        var counts = new ConcurrentDictionary<string, int>();

        await Task.WhenAll(_stations.Select(station => Task.Run(() => RunAsync(station, new Random(seed + station.Index), counts))));

        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        output.WriteLine(string.Join(", ", Station.Outcomes.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        output.WriteLine($"pushed {_stations.Sum(s => s.Pushed.Count)}");
        Assert.True(counts.Values.Sum() >= 10_000, $"only {counts.Values.Sum()} operations ran");

        // Quiescence: everyone back online, outboxes drained, a last sync everywhere.
        foreach (var station in _stations) station.Online(true);
        foreach (var station in _stations) await station.SettleAsync();
        foreach (var station in _stations) await station.Core.SyncNowAsync();
        // Late events (a replay after a reconnect) may still start downloads: wait until nothing is on its way.
        foreach (var station in _stations) await station.QuietAsync();

        var history = await ServerHistoryAsync();
        output.WriteLine($"{history.Sum(h => h.Value.Count)} versions, {history.Sum(h => h.Value.Count(v => v.Replaced is not null))} overwrites, " +
            $"{_stations.Sum(s => s.Conflicts.Count)} refused pushes, {_stations.Sum(s => s.Discarded.Count)} tokens discarded by choice");
        Assert.True(history.Sum(h => h.Value.Count) > 300, "too few pushes reached the server to say anything");
        Assert.Contains(history.Values.SelectMany(v => v), v => v.Replaced is not null);
        Assert.True(_stations.Sum(s => s.Conflicts.Count) > 0, "no push was ever refused");

        // 1. Lineage: each version holds all of the one before it, unless it overwrote it on purpose; then that one is still there.
        foreach (var (part, versions) in history)
        {
            for (var i = 1; i < versions.Count; i++)
            {
                var (before, after) = (versions[i - 1], versions[i]);
                if (after.Replaced is null)
                    Assert.True(before.Tokens.IsSubsetOf(after.Tokens),
                        $"{part} version {after.Version} lost {string.Join(" ", before.Tokens.Except(after.Tokens).Take(5))} of version {before.Version}");
                else
                    Assert.True(before.Available && after.Replaced == before.Version, $"{part} version {after.Version} replaced version {before.Version}, which is gone");
            }
        }

        // 2. Every acknowledged push is a version of its part.
        var stored = history.Values.SelectMany(v => v).Select(v => v.Id).ToHashSet();
        foreach (var station in _stations)
            foreach (var pushed in station.Pushed)
                Assert.True(stored.Contains(pushed.CheckpointId), $"{station.User}'s acknowledged checkpoint {pushed.CheckpointId} is not on the server");

        // 3. Every edit ever made is on the server, on its author's disk, or was given up by its author.
        var onServer = history.Values.SelectMany(v => v).SelectMany(v => v.Tokens).ToHashSet();
        foreach (var station in _stations)
        {
            var kept = station.TokensOnDisk();
            var lost = station.Made.Where(t => !onServer.Contains(t) && !kept.Contains(t) && !station.Discarded.Contains(t)).ToList();
            if (lost.Count > 0) output.WriteLine(station.Story(lost[0]));
            Assert.True(lost.Count == 0, $"{station.User} lost {lost.Count} edits, e.g. {string.Join(" ", lost.Take(5))}");
        }

        // 4. Every subscriber's copy is the head (or the head with the subscriber's own edits on top), its own
        //    head (never sent back to its author), or a conflict it was told of since it last started.
        foreach (var station in _stations)
        {
            foreach (var part in Parts)
            {
                var head = history[part][^1];
                var copy = station.SyncedFile(part);
                var held = copy is null ? null : Tokens(File.ReadAllText(copy));
                var ok = held is not null && held.IsSupersetOf(head.Tokens) && held.Except(head.Tokens).All(t => t.StartsWith(station.User + "-s", StringComparison.Ordinal))
                         || head.User == station.User
                         || station.ReportedConflicts.Contains(part);
                if (!ok)
                {
                    output.WriteLine(station.SyncStory(part));
                    output.WriteLine($"copy {(copy is null ? "missing" : Sha(copy))}, status {station.Core.Status}, versions with that hash: " +
                        string.Join(",", history[part].Where(v => copy is not null && v.FileHash == Sha(copy)).Select(v => v.Version)));
                    output.WriteLine(File.ReadAllText(Path.Combine(_temp.Path, station.User, "state", "sync-state.json")));
                }
                Assert.True(ok, $"{station.User}'s copy of {part} is neither the head (version {head.Version} by {head.User}) nor a reported conflict");
            }
        }
    }

    private static async Task RunAsync(Station station, Random random, ConcurrentDictionary<string, int> counts)
    {
        for (var n = 0; n < OperationsEach; n++)
        {
            // A refused push is settled soon, as a user would; offline periods and closed documents are short.
            if (station.HasPendingConflict && random.Next(3) == 0) await station.RunAsync("resolve", random);
            if (station.IsOffline && random.Next(4) == 0) station.Online(true);
            if (station.IsClosed && random.Next(3) == 0) await station.RunAsync("close_open", random);
            var roll = random.Next(100);
            var op = roll switch
            {
                < 34 => "edit",
                < 58 => "push",
                < 66 => "sync",
                < 72 => "touch_synced",
                < 80 => "edit",
                < 86 => "update",
                < 92 => "close_open",
                < 96 => "offline_toggle",
                _ => "restart",
            };
            counts.AddOrUpdate(op, 1, (_, c) => c + 1);
            await station.RunAsync(op, random);
        }
    }

    private sealed record StoredVersion(long Version, string Id, string FileHash, string User, long? Replaced, bool Available, HashSet<string> Tokens);

    private async Task<Dictionary<string, List<StoredVersion>>> ServerHistoryAsync()
    {
        var db = _server.Services.GetRequiredService<IDatabase>();
        var rows = await db.ReadAsync(async s => (await s.QueryAsync<VersionRow>("""
            SELECT i.part_number, v.version, v.ref_id, v.file_hash, u.username, v.replaced_version,
                   CASE WHEN v.kind = 'revision' THEN 1 ELSE EXISTS (SELECT 1 FROM checkpoints c WHERE c.id = v.ref_id) END AS available
            FROM versions v JOIN items i ON i.id = v.item_id JOIN users u ON u.id = v.user_id ORDER BY i.part_number, v.version
            """, null, CancellationToken.None)).ToList(), CancellationToken.None);
        return rows.GroupBy(r => r.PartNumber).ToDictionary(g => g.Key, g => g.Select(r => new StoredVersion(r.Version, r.RefId, r.FileHash, r.Username,
            r.ReplacedVersion, r.Available, Tokens(File.ReadAllText(Path.Combine(_server.DataDir, "blobs", r.FileHash[..2], r.FileHash))))).ToList());
    }

    private sealed class VersionRow
    {
        public string PartNumber { get; init; } = "";
        public long Version { get; init; }
        public string RefId { get; init; } = "";
        public string FileHash { get; init; } = "";
        public string Username { get; init; } = "";
        public long? ReplacedVersion { get; init; }
        public bool Available { get; init; }
    }

    private static HashSet<string> Tokens(string content) => [.. content.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>One user's workstation and the host the test plays for it.</summary>
    private sealed class Station(int index, string user, string token, string root, string part, FaultProxy proxy) : IAsyncDisposable
    {
        // Each user edits a body of their own: the edit sessions never block, so lineage alone keeps the work.
        private readonly EditingContext _body = new(ContextTypes.PartDesign, $"Body{index}");
        private readonly List<IDisposable> _subscriptions = [];
        private readonly string _document = Path.Combine(root, "work", part + ".FCStd");
        private int _edits;
        private bool _online = true;
        private bool _open = true;

        public int Index => index;
        public bool IsOffline => !_online;
        public bool IsClosed => !_open;
        public bool HasPendingConflict
        {
            get { lock (Conflicts) return Conflicts.Any(c => !c.Settled); }
        }
        public string User => user;
        public WorkbenchCore Core { get; private set; } = null!;
        public static ConcurrentDictionary<string, int> Outcomes { get; } = new();
        private readonly ConcurrentQueue<string> _trace = new();
        private readonly ConcurrentQueue<string> _syncTrace = new();

        public string SyncStory(string part) =>
            string.Join("\n", _syncTrace.Where(l => l.StartsWith(part + " ", StringComparison.Ordinal) || l.StartsWith(' ')).TakeLast(15));
        private readonly ConcurrentDictionary<string, string> _contents = new();

        /// <summary>Notes a step, with the document's bytes as they are after it, for the story of a lost edit.</summary>
        private void Trace(string what)
        {
            var content = File.Exists(_document) ? File.ReadAllText(_document) : "";
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..8];
            _contents.TryAdd(sha, content);
            _trace.Enqueue($"{what} | doc {sha}");
        }

        /// <summary>Every step from the one that made the token on, saying whether the document held it.</summary>
        public string Story(string token)
        {
            var lines = _trace.ToList();
            var start = lines.FindIndex(l => l.Contains(token + " ", StringComparison.Ordinal) || l.EndsWith(token, StringComparison.Ordinal));
            var text = new StringBuilder($"story of {token}:\n");
            foreach (var line in lines.Skip(Math.Max(0, start - 3)).Take(60))
            {
                var sha = line[^8..];
                var holds = _contents.TryGetValue(sha, out var c) && Tokens(c).Contains(token);
                text.Append(holds ? "  [has] " : "  [   ] ").AppendLine(line);
            }
            return text.ToString();
        }
        public ConcurrentBag<string> Made { get; } = [];
        public ConcurrentBag<string> Discarded { get; } = [];
        public ConcurrentBag<CheckpointPushed> Pushed { get; } = [];
        public ConcurrentDictionary<string, bool> ReportedConflictsByPart { get; } = new();
        public IEnumerable<string> ReportedConflicts => ReportedConflictsByPart.Keys;
        public List<Refused> Conflicts { get; } = [];

        public sealed class Refused(PushConflict conflict)
        {
            public PushConflict Conflict { get; } = conflict;
            public bool Settled { get; set; }
        }

        private string ProjectsDir => Path.Combine(root, "projects");

        public async Task StartAsync()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_document)!);
            if (!File.Exists(_document)) await File.WriteAllTextAsync(_document, "");
            Core = await WorkbenchCore.StartAsync(new WorkbenchOptions(proxy.BaseAddress, token, Path.Combine(root, "state"), ProjectsDir)
            {
                ReconnectDelay = TimeSpan.FromMilliseconds(50),
                ConfigureClient = o =>
                {
                    o.MaxRetries = 0;
                    o.Timeout = TimeSpan.FromSeconds(10);
                    o.CircuitBreakerEnabled = false;
                },
            });
            _subscriptions.Add(Core.Signals.OfType<CheckpointPushed>().Subscribe(p =>
            {
                Pushed.Add(p);
                _trace.Enqueue($"signal pushed {p.CheckpointId} {p.FileHash[..8]} v{p.Version} overwrote={p.Overwrote} | doc --------");
            }));
            _subscriptions.Add(Core.Signals.OfType<DocumentReplaced>().Subscribe(r => _trace.Enqueue($"signal replaced copy={r.CopyPath} | doc --------")));
            _subscriptions.Add(Core.Signals.OfType<PushConflictResolved>().Subscribe(r => _trace.Enqueue($"signal resolved {r.Choice} | doc --------")));
            _subscriptions.Add(Core.Signals.OfType<PushConflict>().Subscribe(c =>
            {
                _trace.Enqueue($"signal refused {c.ConflictId} copy={Path.GetFileName(c.CopyPath)} | doc --------");
                lock (Conflicts)
                {
                    foreach (var older in Conflicts.Where(o => !o.Settled && o.Conflict.PartNumber == c.PartNumber)) older.Settled = true;
                    Conflicts.Add(new Refused(c));
                }
            }));
            _subscriptions.Add(Core.Signals.OfType<FileConflict>().Subscribe(c =>
            {
                ReportedConflictsByPart[c.PartNumber] = true;
                _syncTrace.Enqueue($"{c.PartNumber} conflict {c.ConflictType}");
            }));
            _subscriptions.Add(Core.Signals.OfType<FileSynced>().Subscribe(f => _syncTrace.Enqueue($"{f.PartNumber} synced by {f.CheckpointUser}")));
            _subscriptions.Add(Core.Signals.OfType<FileDeferred>().Subscribe(f => _syncTrace.Enqueue($"{f.PartNumber} deferred")));
            _subscriptions.Add(Core.Signals.OfType<SyncError>().Subscribe(f => _syncTrace.Enqueue($"{f.PartNumber} error {f.Message}")));
            lock (Conflicts)
            {
                foreach (var conflict in Core.PushConflicts().Where(c => !Conflicts.Any(o => o.Conflict.CopyPath == c.CopyPath && !o.Settled)))
                    Conflicts.Add(new Refused(conflict));
            }
            ReportOpen();
        }

        public void Online(bool online)
        {
            _online = online;
            if (online) proxy.PassThrough();
            else proxy.Disconnect();
        }

        public async Task RunAsync(string op, Random random)
        {
            await RunStepAsync(op, random);
            Trace(op + (op == "edit" ? $" {user}-e{_edits}" : ""));
        }

        private async Task RunStepAsync(string op, Random random)
        {
            switch (op)
            {
                case "edit":
                    // Saved at once, as every edit here is: the document has no unsaved changes, only unpushed ones.
                    await AppendAsync(_document, $"{user}-e{++_edits}");
                    break;
                case "push":
                    await PushAsync(random);
                    break;
                case "sync":
                    if (_online) await Core.SyncNowAsync();
                    break;
                case "touch_synced":
                    var touched = Parts[random.Next(Parts.Length)];
                    if (SyncedFile(touched) is { } synced)
                    {
                        _syncTrace.Enqueue($"{touched} touched");
                        // Edited while open, as FreeCAD would: a download never lands under an open document.
                        _open = true;
                        Core.ReportOpenFiles([_document, synced]);
                        await AppendAsync(synced, $"{user}-s{++_edits}");
                        ReportOpen();
                    }
                    break;
                case "resolve":
                    await ResolveAsync(random);
                    break;
                case "update":
                    if (_online) await UpdateAsync();
                    break;
                case "close_open":
                    _open = !_open;
                    ReportOpen();
                    break;
                case "offline_toggle":
                    Online(false);
                    break;
                case "restart":
                    _syncTrace.Enqueue(" restart");
                    // A new core knows no conflict until its next sync finds it again.
                    ReportedConflictsByPart.Clear();
                    await RestartAsync();
                    break;
            }
        }

        private async Task PushAsync(Random random)
        {
            if (!_open) return;
            var entered = await Core.ContextChangedAsync(new ContextChange(EditingContext.Document, _body, new TrackedDocument(part, _document, Modified: false)));
            Outcomes.AddOrUpdate("entry " + entered.Entry?.Verdict + (entered.Entry?.Stale is null ? "" : " stale"), 1, (_, c) => c + 1);
            _trace.Enqueue($"  entered {entered.Entry?.Verdict} stale={entered.Entry?.Stale is not null} | doc --------");
            if (entered.Entry?.Stale is not null)
            {
                switch (random.Next(10))
                {
                    case < 2:
                        await Core.EditAnywayAsync(part);
                        break;
                    case < 4:
                        // Cancel: back out at once.
                        await Core.ContextChangedAsync(new ContextChange(_body, EditingContext.Document, new TrackedDocument(part, _document, Modified: false)));
                        return;
                    default:
                        await Core.ContextChangedAsync(new ContextChange(_body, EditingContext.Document, new TrackedDocument(part, _document, Modified: false)));
                        await UpdateAsync();
                        return;
                }
            }
            var left = await Core.ContextChangedAsync(new ContextChange(_body, EditingContext.Document, new TrackedDocument(part, _document, Modified: false)));
            Outcomes.AddOrUpdate("exit " + left.Exit?.Action, 1, (_, c) => c + 1);
            _trace.Enqueue($"  left {left.Exit?.Action} | doc --------");
            if (left.Exit is { HandsOver: true } exit)
                await Core.SubmitCheckpointAsync(exit.Submission(part, _document, dag: null));
        }

        private async Task ResolveAsync(Random random)
        {
            Refused? pending;
            lock (Conflicts) pending = Conflicts.FirstOrDefault(c => !c.Settled);
            if (pending is null || !_online) return;
            var choice = (PushConflictChoice)random.Next(3);
            _trace.Enqueue($"  resolving {pending.Conflict.ConflictId} {choice} | doc --------");
            // What the user gives up with Discard mine: the refused version they chose on, as its copy shows it.
            var givenUp = choice == PushConflictChoice.DiscardMine && pending.Conflict.CopyPath is { } copy && File.Exists(copy)
                ? Tokens(await File.ReadAllTextAsync(copy))
                : [];
            try
            {
                await Core.ResolvePushConflictAsync(pending.Conflict.PartNumber, choice, pending.Conflict.ConflictId);
            }
            catch (InvalidOperationException)
            {
                // A newer refusal replaced this one: that one is chosen on next time.
                pending.Settled = true;
                return;
            }
            catch (Silo.Client.Errors.SiloApiException)
            {
                // The server went away mid-way (a racing offline toggle): the choice can be made again.
                return;
            }
            foreach (var token in givenUp) Discarded.Add(token);
            pending.Settled = true;
        }

        private async Task UpdateAsync()
        {
            try
            {
                await Core.UpdateDocumentAsync(part, _document);
            }
            catch (InvalidOperationException)
            {
                // Nothing pushed yet: nothing to update to.
            }
            catch (Silo.Client.Errors.SiloApiException)
            {
            }
            catch (IOException)
            {
            }
        }

        private async Task RestartAsync()
        {
            await DisposeCoreAsync();
            await StartAsync();
        }

        /// <summary>Waits until everything queued is pushed or refused, the server reachable.</summary>
        public async Task SettleAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Core.StatusChanges.Where(s => s.Checkpoints == 0 && s.Connection == Silo.Client.Events.ConnectionState.Connected)
                .FirstAsync().ToTask(timeout.Token);
        }

        public async Task QuietAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Core.StatusChanges.Where(s => s.Pending == 0).FirstAsync().ToTask(timeout.Token);
        }

        public string? SyncedFile(string partNumber)
        {
            var path = Silo.Client.Files.SubscriptionPaths.SubscriptionFilePath(ProjectsDir, "History", partNumber, partNumber);
            return File.Exists(path) ? path : null;
        }

        /// <summary>Every token in any file this workstation has: documents, synced copies, conflict copies, the outbox and its kept files.</summary>
        public HashSet<string> TokensOnDisk()
        {
            var tokens = new HashSet<string>();
            // Temp files come and go while the core still runs (state writes, downloads on their way): they keep nothing;
            // nor does the lock the running core holds on its state folder.
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                         .Where(f => !f.EndsWith(".json", StringComparison.Ordinal) && !f.EndsWith(".tmp", StringComparison.Ordinal)
                                     && !f.EndsWith(".part", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)))
                tokens.UnionWith(Tokens(File.ReadAllText(file)));
            return tokens;
        }

        private async Task AppendAsync(string path, string token)
        {
            Made.Add(token);
            await File.AppendAllTextAsync(path, token + "\n");
        }

        private void ReportOpen() => Core.ReportOpenFiles(_open ? [_document] : []);

        private async Task DisposeCoreAsync()
        {
            foreach (var subscription in _subscriptions) subscription.Dispose();
            _subscriptions.Clear();
            await Core.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await DisposeCoreAsync();
            await proxy.DisposeAsync();
        }
    }
}
