using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Checkpoints;

public sealed class CheckpointHandoversTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);

    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly GatedOutbox _outbox = new();

    public void Dispose() => _signals.Dispose();

    private CheckpointHandovers NewHandovers() => new(_outbox, _outbox, _signals, _clock, TimeSpan.FromSeconds(30));

    private static CheckpointSubmission Saved(string file, string partNumber = "P-1") => new(partNumber, file, "body_close", "s-1", Dag: null);

    [Fact]
    public async Task HandOver_SlowCopy_ReturnsBeforeTheCopyEnds_AndTheItemCountsAsChangedMeanwhile()
    {
        var handovers = NewHandovers();

        handovers.HandOver(Saved("/a.FCStd"));

        await _outbox.StartedOf("/a.FCStd").WaitAsync(SafetyNet);
        Assert.Empty(_outbox.Finished);
        Assert.True(handovers.IsHandingOver("P-1"));
        Assert.False(handovers.IsHandingOver("P-2"));

        _outbox.Release("/a.FCStd");
        await _outbox.FinishedOf("/a.FCStd").WaitAsync(SafetyNet);
        await handovers.DisposeAsync();
        Assert.False(handovers.IsHandingOver("P-1"));
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
        Assert.False(handovers.IsHandingOver("P-9"));
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

    /// <summary>An outbox whose copies each wait for the test to release them, recording the order they start and end in.</summary>
    private sealed class GatedOutbox : ICheckpointOutbox, ICheckpointHistory
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new();
        private readonly ConcurrentDictionary<string, Exception> _failures = new();
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
            Signal(_finished, submission.FilePath).TrySetResult();
        }

        public void Nudge()
        {
        }

        public RecordedCheckpoint? LatestFor(string partNumber) => null;

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string file) =>
            signals.GetOrAdd(file, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
