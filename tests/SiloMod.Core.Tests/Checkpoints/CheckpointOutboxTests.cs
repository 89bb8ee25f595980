using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Probes;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Checkpoints;

#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.DisposeAsync.
public sealed class CheckpointOutboxTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "P-100";

    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "outbox-" + Guid.NewGuid().ToString("N"));
    private readonly List<CheckpointOutbox> _outboxes = [];
    private readonly List<(string Path, string Content, string? Key, string? Sha)> _pushes = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        // Records what each push carried, read at the moment of the push (the snapshot, not the host's file).
        _client.PushCheckpointAsync(Pn, Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<Dag?>(), Arg.Any<string?>(),
                Arg.Any<string?>(), Arg.Any<Silo.Protocol.Lineage.PushLineage?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                lock (_pushes) _pushes.Add((call.ArgAt<string>(1), File.ReadAllText(call.ArgAt<string>(1)), call.ArgAt<string?>(5), call.ArgAt<string?>(6)));
                return new CheckpointResult("cp-" + _pushes.Count, call.ArgAt<string>(2), 3, true, call.ArgAt<string?>(3) is not null);
            });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var outbox in _outboxes) await outbox.DisposeAsync();
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private CheckpointOutbox NewOutbox(IStepProbe? steps = null)
    {
        var state = Path.Combine(_dir, "state");
        var outbox = new CheckpointOutbox(state, _client, _signals, new FileLineage(Path.Combine(state, "lineage.json"), _clock), _clock,
            new CheckpointOutboxOptions { RetryBaseDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromSeconds(40), UserName = "carol" }, steps);
        _outboxes.Add(outbox);
        return outbox;
    }

    private CheckpointSubmission Saved(string content, string context = "body_close", string? sessionId = "s-1", string name = "part.FCStd")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return new CheckpointSubmission(Pn, path, context, sessionId, new Dag([new DagNode("Pad", "PartDesign::Pad")], []));
    }

    private static string Sha(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    private void FailPushesWith(params Exception[] errors)
    {
        var queue = new Queue<Exception>(errors);
        _client.PushCheckpointAsync(Pn, Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<Dag?>(), Arg.Any<string?>(),
                Arg.Any<string?>(), Arg.Any<Silo.Protocol.Lineage.PushLineage?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                lock (_pushes)
                {
                    _pushes.Add((call.ArgAt<string>(1), File.ReadAllText(call.ArgAt<string>(1)), call.ArgAt<string?>(5), call.ArgAt<string?>(6)));
                    if (queue.Count > 0) return Task.FromException<CheckpointResult>(queue.Dequeue());
                }
                return Task.FromResult(new CheckpointResult("cp-ok", call.ArgAt<string>(2), 1, true, true));
            });
    }

    /// <summary>
    /// Queues before the sender starts. Queued while it runs, the entry's nudge could land after the
    /// first failed push and cut that back-off short: right for a real queue, but it would make a
    /// test of the back-off's steps depend on timing.
    /// </summary>
    private static async Task EnqueueThenStartAsync(CheckpointOutbox outbox, CheckpointSubmission submission)
    {
        await outbox.EnqueueAsync(submission);
        await outbox.StartAsync();
    }

    [Fact]
    public async Task Enqueue_ServerUp_PushesSnapshotWithHashAndEmpties()
    {
        var outbox = NewOutbox();
        await outbox.StartAsync();
        var pushed = _signals.Next<CheckpointPushed>();

        await outbox.EnqueueAsync(Saved("v1"));

        var signal = await pushed;
        Assert.Equal(new CheckpointPushed(Pn, "body_close", 3, "cp-1", Sha("v1"), Path.Combine(_dir, "part.FCStd")), signal);
        var push = Assert.Single(_pushes);
        Assert.Equal(("v1", Sha("v1")), (push.Content, push.Sha));
        Assert.NotNull(push.Key);
        Assert.Equal(0, outbox.PendingCount);
        Assert.Equal(new RecordedCheckpoint(Pn, Sha("v1"), "body_close", Pushed: true), outbox.LatestFor(Pn));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir, "state", "outbox")));
    }

    [Fact]
    public async Task Enqueue_HostOverwritesFileBeforePush_PushesWhatWasSavedAtExit()
    {
        var outbox = NewOutbox();
        var submission = Saved("at exit");
        await outbox.EnqueueAsync(submission);
        await File.WriteAllTextAsync(submission.FilePath, "later edit");
        var pushed = _signals.Next<CheckpointPushed>();

        await outbox.StartAsync();

        Assert.Equal(Sha("at exit"), (await pushed).FileHash);
        Assert.Equal("at exit", Assert.Single(_pushes).Content);
    }

    [Fact]
    public async Task Enqueue_NotStarted_IsPendingAndKnownToHistory()
    {
        var outbox = NewOutbox();

        await outbox.EnqueueAsync(Saved("v1", context: "sketch_close"));

        Assert.Equal(1, outbox.PendingCount);
        Assert.Equal(new RecordedCheckpoint(Pn, Sha("v1"), "sketch_close", Pushed: false), outbox.LatestFor(Pn));
        Assert.Empty(_pushes);
    }

    [Fact]
    public async Task Start_EntriesOfPreviousProcess_ArePushedInOrder()
    {
        var first = NewOutbox();
        await first.EnqueueAsync(Saved("one", name: "a.FCStd"));
        await first.EnqueueAsync(Saved("two", name: "b.FCStd"));
        await first.DisposeAsync();
        _outboxes.Remove(first);

        var second = NewOutbox();
        Assert.Equal(2, second.PendingCount);
        var bothPushed = _signals.All.OfType<CheckpointPushed>().Take(2).ToList().Timeout(SignalAwaiter.SafetyNet).ToTask();
        await second.StartAsync();

        await bothPushed;
        Assert.Equal(["one", "two"], _pushes.Select(p => p.Content));
        Assert.Equal(0, second.PendingCount);
    }

    [Fact]
    public async Task LatestFor_AfterRestart_RemembersLastPushedHash()
    {
        var first = NewOutbox();
        var pushed = _signals.Next<CheckpointPushed>();
        await first.StartAsync();
        await first.EnqueueAsync(Saved("v1"));
        await pushed;
        await first.DisposeAsync();
        _outboxes.Remove(first);

        var second = NewOutbox();

        Assert.Equal(new RecordedCheckpoint(Pn, Sha("v1"), "body_close", Pushed: true), second.LatestFor(Pn));
    }

    [Fact]
    public async Task Sender_ServerUnavailable_QueuesOnceAndRetriesAfterBackoffWithSameKey()
    {
        FailPushesWith(new UnavailableException("down"), new UnavailableException("down"));
        var outbox = NewOutbox();
        var retries = new List<TaskCompletionSource<TimeSpan>> { new(), new() };
        var scheduled = 0;
        outbox.RetryScheduled += d => retries[Interlocked.Increment(ref scheduled) - 1].TrySetResult(d);
        var queued = _signals.Next<CheckpointQueued>();
        var pushed = _signals.Next<CheckpointPushed>();
        await EnqueueThenStartAsync(outbox, Saved("v1"));

        Assert.Matches("^The Silo server is not answering; your .+ checkpoint of .+ is kept and will be sent when it is back\\.$", (await queued).Reason);
        Assert.Equal(TimeSpan.FromSeconds(5), await retries[0].Task.Within());
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(10), await retries[1].Task.Within());
        Assert.Equal(1, outbox.PendingCount);
        _clock.Advance(TimeSpan.FromSeconds(10));

        await pushed;
        Assert.Equal(3, _pushes.Count);
        Assert.Single(_pushes.Select(p => p.Key).Distinct());
        Assert.Single(_pushes.Select(p => p.Sha).Distinct());
        Assert.Equal(0, outbox.PendingCount);
    }

    [Fact]
    public async Task Nudge_WhileWaitingForRetry_PushesAtOnce()
    {
        FailPushesWith(new UnavailableException("down"));
        var outbox = NewOutbox();
        var retry = new TaskCompletionSource<TimeSpan>();
        outbox.RetryScheduled += d => retry.TrySetResult(d);
        var pushed = _signals.Next<CheckpointPushed>();
        await EnqueueThenStartAsync(outbox, Saved("v1"));
        await retry.Task.Within();

        outbox.Nudge();

        await pushed;
        Assert.Equal(2, _pushes.Count);
    }

    [Fact]
    public async Task Sender_Superseded_ReportsReleasesAndKeepsCopyInFailed()
    {
        FailPushesWith(new ConflictException(System.Net.HttpStatusCode.Conflict, new SiloProblem { Code = "superseded", Detail = "superseded" }));
        var outbox = NewOutbox();
        var error = _signals.Next<SyncError>();
        var released = new TaskCompletionSource();
        _client.ReleaseEditSessionAsync(Pn, "s-1", null, Arg.Any<CancellationToken>()).Returns(_ =>
        {
            released.TrySetResult();
            return Task.CompletedTask;
        });
        await outbox.StartAsync();

        await outbox.EnqueueAsync(Saved("v1", sessionId: "s-1"));

        Assert.Contains("another user has taken the object", (await error).Message, StringComparison.Ordinal);
        await released.Task.Within();
        Assert.Equal(0, outbox.PendingCount);
        var failed = Directory.GetFiles(outbox.FailedDirectory);
        Assert.Equal(2, failed.Length);
        Assert.Equal("v1", File.ReadAllText(Assert.Single(failed, f => f.EndsWith(".file", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Sender_RefusedOfflineEntry_ReleasesNothing()
    {
        FailPushesWith(new ValidationException("bad dag"));
        var outbox = NewOutbox();
        var error = _signals.Next<SyncError>();
        await outbox.StartAsync();

        await outbox.EnqueueAsync(Saved("v1", sessionId: null));

        await error;
        Assert.Equal(0, outbox.PendingCount);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task PendingCounts_EnqueueThenPush_EmitsEachCount()
    {
        var outbox = NewOutbox();
        var counts = outbox.PendingCounts.Take(3).ToList().Timeout(SignalAwaiter.SafetyNet).ToTask();
        await outbox.EnqueueAsync(Saved("v1"));

        await outbox.StartAsync();

        Assert.Equal([0, 1, 0], await counts);
    }

    [Fact]
    public async Task Sender_RecordingFailsAfterTheServerAccepted_NotRefusedKeptAndRecordedLaterWithoutPushingAgain()
    {
        var steps = new StepRecorder();
        var diskFull = true;
        steps.At = (step, _) => step == CoreSteps.PushRecorded && Volatile.Read(ref diskFull)
            ? throw new IOException("No space left on device", 28)
            : ValueTask.CompletedTask;
        var outbox = NewOutbox(steps);
        var retry = new TaskCompletionSource<TimeSpan>();
        outbox.RetryScheduled += d => retry.TrySetResult(d);
        var told = _signals.Next<SyncError>();
        var pushed = _signals.Next<CheckpointPushed>();
        await EnqueueThenStartAsync(outbox, Saved("v1"));

        var error = await told;
        Assert.Contains("The server took the body_close checkpoint of P-100", error.Message, StringComparison.Ordinal);
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", error.Message, StringComparison.Ordinal);
        await retry.Task.Within();
        Assert.Equal(1, outbox.PendingCount);
        Assert.Empty(Directory.GetFiles(outbox.FailedDirectory));

        Volatile.Write(ref diskFull, false);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal("cp-1", (await pushed).CheckpointId);
        Assert.Single(_pushes);
        Assert.Equal(0, outbox.PendingCount);
        Assert.Equal(new RecordedCheckpoint(Pn, Sha("v1"), "body_close", Pushed: true), outbox.LatestFor(Pn));
    }

    [Fact]
    public async Task Sender_ServerUnreachable_ProbeAnswers_PushesBeforeTheBackoffEnds()
    {
        FailPushesWith(new UnavailableException("down"));
        var answering = false;
        _client.ProbeAsync(Arg.Any<CancellationToken>()).Returns(_ => Volatile.Read(ref answering));
        var outbox = NewOutbox();
        var retry = new TaskCompletionSource<TimeSpan>();
        outbox.RetryScheduled += d => retry.TrySetResult(d);
        var pushed = _signals.Next<CheckpointPushed>();
        await EnqueueThenStartAsync(outbox, Saved("v1"));
        Assert.Equal(TimeSpan.FromSeconds(5), await retry.Task.Within());

        // Not yet back: a probe is not an answer.
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(_pushes);
        Volatile.Write(ref answering, true);
        _clock.Advance(TimeSpan.FromSeconds(2));

        await pushed;
        Assert.Equal(2, _pushes.Count);
    }
}
