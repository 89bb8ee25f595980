using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Silo.Client;
using Silo.Client.Files;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Checkpoints;

public sealed class CheckpointHandoversTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);

    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly GatedOutbox _outbox = new();
    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly string _dir = Directory.CreateTempSubdirectory("handovers-").FullName;

    public void Dispose()
    {
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The product's unchanged test, comparing with what this test's outbox holds.</summary>
    private UnchangedExits Unchanged() => new(new FileLineage(Path.Combine(_dir, "lineage.json"), _clock), _outbox, new FileHashCache(),
        new SessionReleaser(_client, _signals, _clock, () => TimeSpan.FromSeconds(2)));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private CheckpointHandovers NewHandovers(IUnchangedCheckpoints? unchanged = null) => new(_outbox, unchanged, _signals, _clock, TimeSpan.FromSeconds(30));

    private static CheckpointSubmission Saved(string file, string partNumber = "P-1") => new(partNumber, file, "body_close", "s-1", Dag: null);

    [Fact]
    public async Task HandOver_SlowCopy_ReturnsBeforeTheCopyEnds()
    {
        var handovers = NewHandovers();

        handovers.HandOver(Saved("/a.FCStd"));

        await _outbox.StartedOf("/a.FCStd").WaitAsync(SafetyNet);
        Assert.Empty(_outbox.Finished);

        _outbox.Release("/a.FCStd");
        await _outbox.FinishedOf("/a.FCStd").WaitAsync(SafetyNet);
        await handovers.DisposeAsync();
    }

    [Fact]
    public async Task HandOver_LaterCheckpointReadyFirst_StillReachesTheOutboxAfterTheEarlierOne()
    {
        var handovers = NewHandovers();
        handovers.HandOver(Saved("/first.FCStd"));
        handovers.HandOver(Saved("/second.FCStd"));
        await _outbox.StartedOf("/first.FCStd").WaitAsync(SafetyNet);

        // The second's copy could finish at once; it must not even start before the first is in.
        _outbox.Release("/second.FCStd");
        _outbox.Release("/first.FCStd");
        await _outbox.FinishedOf("/second.FCStd").WaitAsync(SafetyNet);

        Assert.Equal(["/first.FCStd", "/second.FCStd"], _outbox.Started);
        Assert.Equal(["/first.FCStd", "/second.FCStd"], _outbox.Finished);
        await handovers.DisposeAsync();
    }

    [Fact]
    public async Task HandOver_CopyFails_IsShownAsSyncError_AndLaterHandOversStillGoThrough()
    {
        using var recorder = new SignalRecorder(_signals);
        var handovers = NewHandovers();
        var error = recorder.Next<SyncError>();
        _outbox.FailWith("/full.FCStd", new IOException("No space left on device"));

        handovers.HandOver(Saved("/full.FCStd", "P-9"));
        handovers.HandOver(Saved("/next.FCStd"));
        _outbox.Release("/next.FCStd");

        var shown = await error;
        Assert.Equal("P-9", shown.PartNumber);
        Assert.Contains("No space left on device", shown.Message, StringComparison.Ordinal);
        Assert.Contains("/full.FCStd", shown.Message, StringComparison.Ordinal);
        await _outbox.FinishedOf("/next.FCStd").WaitAsync(SafetyNet);
        await handovers.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_HandOverInFlight_WaitsUntilItIsInTheOutbox()
    {
        var handovers = NewHandovers();
        handovers.HandOver(Saved("/a.FCStd"));
        await _outbox.StartedOf("/a.FCStd").WaitAsync(SafetyNet);

        var stopping = handovers.DisposeAsync().AsTask();
        Assert.False(stopping.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => handovers.HandOver(Saved("/late.FCStd")));

        _outbox.Release("/a.FCStd");
        await stopping.WaitAsync(SafetyNet);
        Assert.Equal(["/a.FCStd"], _outbox.Finished);
    }

    [Fact]
    public async Task DisposeAsync_HandOverStuckPastTheBudget_IsCutShortAndReported()
    {
        using var recorder = new SignalRecorder(_signals);
        var handovers = NewHandovers();
        var error = recorder.Next<SyncError>();
        handovers.HandOver(Saved("/stuck.FCStd"));
        await _outbox.StartedOf("/stuck.FCStd").WaitAsync(SafetyNet);

        var stopping = handovers.DisposeAsync().AsTask();
        _clock.Advance(TimeSpan.FromSeconds(31));

        await stopping.WaitAsync(SafetyNet);
        Assert.Contains("stopped before it was copied", (await error).Message, StringComparison.Ordinal);
        Assert.Empty(_outbox.Finished);
    }

    [Fact]
    public async Task HandOver_OnlyIfChangedWithTheFileLastQueued_ReleasesTheSessionInsteadOfQueueing()
    {
        var path = Write("part.FCStd", "v1");
        _outbox.Recorded(new RecordedCheckpoint("P-1", GatedOutbox.Sha(path), "body_close", Pushed: true));
        var handovers = NewHandovers(Unchanged());

        handovers.HandOver(new CheckpointSubmission("P-1", path, "body_close", "s-1", Dag: null, OnlyIfChanged: true));
        await handovers.DisposeAsync();

        Assert.Empty(_outbox.Started);
        await _client.Received(1).ReleaseEditSessionAsync("P-1", "s-1", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task HandOver_SameFileAsLastPushWhileANewerCheckpointIsHandedOver_Checkpoints()
    {
        // The file is back at the last push, but a newer checkpoint is still being copied: it is compared with that one.
        var back = Write("back.FCStd", "v1");
        _outbox.Recorded(new RecordedCheckpoint("P-1", GatedOutbox.Sha(back), "body_close", Pushed: true));
        var newer = Write("newer.FCStd", "v2");
        var handovers = NewHandovers(Unchanged());

        handovers.HandOver(new CheckpointSubmission("P-1", newer, "body_close", "s-1", Dag: null));
        handovers.HandOver(new CheckpointSubmission("P-1", back, "body_close", "s-2", Dag: null, OnlyIfChanged: true));
        await _outbox.StartedOf(newer).WaitAsync(SafetyNet);
        _outbox.Release(newer);
        _outbox.Release(back);
        await _outbox.FinishedOf(back).WaitAsync(SafetyNet);

        Assert.Equal([newer, back], _outbox.Finished);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
        await handovers.DisposeAsync();
    }

    [Fact]
    public async Task SubmitAsync_CopyFails_ThrowsToTheCallerRatherThanAsSyncError()
    {
        using var recorder = new SignalRecorder(_signals);
        var handovers = NewHandovers();
        _outbox.FailWith("/full.FCStd", new IOException("No space left on device"));

        await Assert.ThrowsAsync<IOException>(() => handovers.SubmitAsync(Saved("/full.FCStd")).WaitAsync(SafetyNet));

        await handovers.DisposeAsync();
        Assert.Empty(recorder.Of<SyncError>());
    }

    /// <summary>An outbox whose copies each wait for the test to release them, recording the order they start and end in.</summary>
    private sealed class GatedOutbox : ICheckpointOutbox, ICheckpointHistory
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new();
        private readonly ConcurrentDictionary<string, Exception> _failures = new();
        private readonly ConcurrentDictionary<string, RecordedCheckpoint> _latest = new();
        private readonly List<string> _startOrder = [];
        private readonly List<string> _finishOrder = [];

        public IReadOnlyList<string> Started
        {
            get { lock (_startOrder) return [.. _startOrder]; }
        }

        public IReadOnlyList<string> Finished
        {
            get { lock (_finishOrder) return [.. _finishOrder]; }
        }

        public int PendingCount => 0;

        public int ConflictCount => 0;

        public Task StartedOf(string file) => Signal(_started, file).Task;

        public Task FinishedOf(string file) => Signal(_finished, file).Task;

        public void Release(string file) => Signal(_gates, file).TrySetResult();

        public void FailWith(string file, Exception error) => _failures[file] = error;

        public async Task EnqueueAsync(CheckpointSubmission submission, CancellationToken ct = default)
        {
            lock (_startOrder) _startOrder.Add(submission.FilePath);
            Signal(_started, submission.FilePath).TrySetResult();
            if (_failures.TryGetValue(submission.FilePath, out var failure)) throw failure;
            await Signal(_gates, submission.FilePath).Task.WaitAsync(ct);
            lock (_finishOrder) _finishOrder.Add(submission.FilePath);
            if (File.Exists(submission.FilePath))
                _latest[submission.PartNumber] = new RecordedCheckpoint(submission.PartNumber, Sha(submission.FilePath), submission.Context, Pushed: false);
            Signal(_finished, submission.FilePath).TrySetResult();
        }

        public void Nudge()
        {
        }

        /// <summary>The newest checkpoint: the last one through, else the one set with <see cref="Recorded"/>.</summary>
        public RecordedCheckpoint? LatestFor(string partNumber) => _latest.GetValueOrDefault(partNumber);

        public void Recorded(RecordedCheckpoint checkpoint) => _latest[checkpoint.PartNumber] = checkpoint;

        public static string Sha(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string file) =>
            signals.GetOrAdd(file, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
