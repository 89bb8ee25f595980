using System.Reactive.Linq;
using System.Reactive.Subjects;
using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Persistence;
using SiloMod.Core.Probes;
using SiloMod.Core.Signals;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Checkpoints;

/// <summary>
/// The durable outbox of checkpoints and the background sender that pushes them, in order.
/// <para>
/// At enqueue the document is copied into the outbox (hashed while copying): what is pushed is
/// exactly what was saved when the context closed, even if the host saves the document again
/// before the push, and an entry survives the process and the server being away for days.
/// </para>
/// <para>
/// Each entry names the base the document had when it was queued. A push the server refuses as
/// stale (someone else's newer version is the head) is kept as a conflict for the user to settle;
/// it is never retried as it is, and never dropped.
/// </para>
/// </summary>
public sealed partial class CheckpointOutbox : ICheckpointOutbox, ICheckpointHistory, IAsyncDisposable
{
    private readonly ISiloClient _client;
    private readonly SignalHub _signals;
    private readonly TimeProvider _time;
    private readonly CheckpointOutboxOptions _options;
    private readonly OutboxFolder _folder;
    private readonly PushedCheckpoints _pushed;
    private readonly PushConflicts _conflicts;
    private readonly FileLineage _lineage;
    private readonly Lock _gate = new();
    private readonly Lock _countGate = new();
    private readonly List<OutboxEntry> _entries;
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    // Entries the server accepted whose acceptance could not be recorded yet: the answer, kept to record it without pushing again.
    private readonly Dictionary<string, Silo.Protocol.Checkpoints.CheckpointResult> _accepted = new(StringComparer.Ordinal);
    // Of those, the ones the user was told about.
    private readonly HashSet<string> _unrecorded = new(StringComparer.Ordinal);
    private readonly IStepProbe _steps;
    private readonly BehaviorSubject<int> _counts;
    private long _lastSequence;
    private TaskCompletionSource _wake = NewWake();
    private CancellationTokenSource? _stop;
    private Task _sender = Task.CompletedTask;
    private bool _disposed;

    /// <param name="stateDirectory">The core's state folder; the outbox lives in its <c>outbox/</c> folder, the last pushed hashes beside it.</param>
    /// <param name="lineage">Where documents' bases are read at enqueue and advanced when a push is accepted.</param>
    /// <param name="steps">Told after each step of an enqueue and a push (tests); null for none.</param>
    /// <exception cref="IOException">The folder cannot be created or read.</exception>
    public CheckpointOutbox(
        string stateDirectory, ISiloClient client, SignalHub signals, FileLineage lineage, TimeProvider? time = null, CheckpointOutboxOptions? options = null,
        IStepProbe? steps = null)
    {
        _steps = steps ?? NoStepProbe.Instance;
        ArgumentNullException.ThrowIfNull(lineage);
        _lineage = lineage;
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(signals);
        _client = client;
        _signals = signals;
        _time = time ?? TimeProvider.System;
        _options = options ?? new CheckpointOutboxOptions();
        _folder = new OutboxFolder(Path.Combine(stateDirectory, "outbox"));
        _pushed = new PushedCheckpoints(Path.Combine(stateDirectory, "pushed-checkpoints.json"));
        _conflicts = new PushConflicts(Path.Combine(_folder.Directory, "conflicts"));
        // Entries a previous process left count from the start, so the status panel shows them before the first push.
        // One already kept as a conflict was cut short while moving there: the move is finished instead.
        _entries = [.. _folder.Load().Where(e => !_conflicts.FinishMove(e, _folder.PathOf(e.SnapshotFile), _folder.PathOf(e.JsonFile)))];
        _lastSequence = _entries.Count == 0 ? 0 : _entries[^1].Sequence;
        CatchUpLineage();
        _counts = new BehaviorSubject<int>(_entries.Count);
    }

    /// <summary>
    /// An enqueue writes its entry, then records the document's new base; a process killed between
    /// the two leaves the base behind the entry, and the document's next checkpoint would name a
    /// parent that is not the one pushed before it, to be refused as stale. The entry is what
    /// counts: a base recorded before the document's newest entry was queued is brought up to it.
    /// </summary>
    private void CatchUpLineage()
    {
        foreach (var newest in _entries.GroupBy(e => Path.GetFullPath(e.SourcePath), FileLineage.PathComparer).Select(g => g.Last()))
        {
            var recorded = _lineage.Of(newest.SourcePath);
            if (recorded is null || (!FileLineage.SameHash(recorded.Base.FileHash, newest.FileSha256) && recorded.RecordedAt < newest.EnqueuedAt))
                _lineage.Record(newest.SourcePath, newest.PartNumber, new VersionRef(newest.FileSha256), downloaded: false);
        }
    }

    public int PendingCount
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>The pending count now, then after each change.</summary>
    public IObservable<int> PendingCounts => _counts.AsObservable();

    /// <summary>Where refused checkpoints are kept (entry JSON and the file copy).</summary>
    public string FailedDirectory => _folder.FailedDirectory;

    /// <summary>Checkpoints refused as stale, waiting for the user's choice.</summary>
    public int ConflictCount
    {
        get { lock (_gate) return _conflicts.Count; }
    }

    /// <summary>The refused checkpoints waiting for the user, as the signals that announced them (for a pane opened later).</summary>
    public IReadOnlyList<PushConflict> Conflicts()
    {
        lock (_gate) return [.. _conflicts.All().Select(Describe)];
    }

    /// <summary>Told after each wait for a retry is scheduled (the delay), so virtual-time tests know when to advance.</summary>
    internal event Action<TimeSpan>? RetryScheduled;

    /// <summary>Told when the server answered a probe after the outbox found it unreachable: a good moment for everything else to reconnect too.</summary>
    internal event Action? ServerAnswered;

    /// <summary>Copies the file into the outbox and records the entry; the push happens in the background once started.</summary>
    /// <exception cref="FileNotFoundException">The host's saved file is not there.</exception>
    public async Task EnqueueAsync(CheckpointSubmission submission, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentException.ThrowIfNullOrEmpty(submission.PartNumber);
        ArgumentException.ThrowIfNullOrEmpty(submission.FilePath);
        ArgumentException.ThrowIfNullOrEmpty(submission.Context);
        long sequence;
        lock (_gate) sequence = ++_lastSequence;
        var id = Guid.NewGuid().ToString("N");
        var draft = new OutboxEntry(sequence, id, submission.PartNumber, submission.FilePath, "", submission.Context, submission.SessionId,
            submission.Dag, IdempotencyKey: id, FileSha256: "", FileSize: 0, Attempts: 0, ServerErrors: 0, _time.GetUtcNow());
        var snapshot = OutboxFolder.SnapshotName(draft.Name);
        var (sha256, size) = await _folder.SnapshotAsync(submission.FilePath, snapshot, _options.Hashes, ct).ConfigureAwait(false);
        await _steps.CompletedAsync(CoreSteps.PushSnapshotCopied, submission.PartNumber, ct).ConfigureAwait(false);
        var entry = draft with { SnapshotFile = snapshot, FileSha256 = sha256, FileSize = size, Base = _lineage.Of(submission.FilePath)?.Base };
        lock (_gate)
        {
            _folder.Write(entry);
            // The document's next save derives from these bytes, whether or not the server has them yet.
            _lineage.Record(submission.FilePath, submission.PartNumber, new VersionRef(sha256), downloaded: false);
            // Sequences are taken before the (slow) copy, so two enqueues may finish out of order; keep the list sorted.
            var at = _entries.FindLastIndex(e => e.Sequence < entry.Sequence) + 1;
            _entries.Insert(at, entry);
        }
        PublishCount();
        await _steps.CompletedAsync(CoreSteps.PushQueued, submission.PartNumber, ct).ConfigureAwait(false);
        Nudge();
    }

    public void Nudge() => Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();

    public RecordedCheckpoint? LatestFor(string partNumber)
    {
        lock (_gate)
        {
            var waiting = _entries.LastOrDefault(e => e.PartNumber == partNumber);
            if (waiting is not null) return new RecordedCheckpoint(partNumber, waiting.FileSha256, waiting.Context, Pushed: false);
        }
        return _pushed.Get(partNumber);
    }

    /// <summary>Starts the background sender; entries left by a previous process go first.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_stop is not null) throw new InvalidOperationException("The outbox sender is already running.");
            _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        }
        var token = _stop.Token;
        _sender = Task.Run(() => SendLoopAsync(token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        CancellationTokenSource? stop;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            stop = _stop;
        }
        if (stop is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
        }
        _counts.OnCompleted();
        _counts.Dispose();
    }

    /// <summary>
    /// Someone else's newer version is the head: the entry and its snapshot move to
    /// <c>conflicts/</c>, a copy of the file is written beside the document, the session is
    /// released, and the user is asked what to do. A newer refused entry of the same document
    /// replaces the older (it was derived from it, so it holds that work too).
    /// </summary>
    private async Task ConflictAsync(OutboxEntry entry, ItemVersion? head, CancellationToken ct)
    {
        string? copy = null;
        try
        {
            copy = ConflictCopies.Write(_folder.PathOf(entry.SnapshotFile), entry.SourcePath, _options.UserName, _time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The document's folder is gone or read-only: the file stays in the outbox, and the message says where.
        }
        entry = entry with { ConflictCopy = copy, Overwrite = false };
        PushConflict signal;
        lock (_gate)
        {
            var replaced = _conflicts.Add(new PushConflicts.Conflict(entry, head), _folder.PathOf(entry.SnapshotFile));
            File.Delete(_folder.PathOf(entry.JsonFile));
            _entries.RemoveAll(e => e.Id == entry.Id);
            _announced.Remove(entry.Id);
            if (replaced is not null)
            {
                _conflicts.Delete(replaced);
                if (copy is not null && replaced.Entry.ConflictCopy is { } older && FileLineage.SameHash(entry.Base?.FileHash, replaced.Entry.FileSha256))
                    DeleteIfSame(older, replaced.Entry.FileSha256);
            }
            signal = Describe(_conflicts.Find(entry.PartNumber)!);
        }
        PublishCount();
        _signals.Publish(signal);
        await ReleaseSessionAsync(entry, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Settles a refused checkpoint. Overwrite theirs pushes it again as an explicit overwrite (the
    /// server keeps their version downloadable). Keep as a copy and Discard mine bring the document
    /// to the head through <paramref name="updater"/>; the first keeps the conflict copy, the second deletes it.
    /// </summary>
    /// <param name="conflictId">The <see cref="PushConflict.ConflictId"/> the user chose on; null settles whichever waits.</param>
    /// <exception cref="InvalidOperationException">No refused checkpoint waits for the item, or not the one named.</exception>
    public async Task<string> ResolveConflictAsync(string partNumber, PushConflictChoice choice, DocumentUpdater updater, string? conflictId = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(updater);
        PushConflicts.Conflict conflict;
        lock (_gate) conflict = _conflicts.Find(partNumber) ?? throw new InvalidOperationException($"No refused checkpoint of {partNumber} is waiting.");
        if (conflictId is not null && conflict.Entry.Id != conflictId)
            throw new InvalidOperationException($"A newer refused checkpoint of {partNumber} replaced the one you chose on; look at it and choose again.");
        var entry = conflict.Entry;
        var snapshot = _conflicts.SnapshotOf(entry);
        // The document first: if that fails (the server away), the conflict stays as it was, to be settled again.
        var replaced = choice == PushConflictChoice.OverwriteTheirs
            ? null
            : await updater.UpdateAsync(partNumber, entry.SourcePath, [entry.FileSha256], ct).ConfigureAwait(false);
        lock (_gate)
        {
            if (_conflicts.Find(partNumber)?.Entry.Id != entry.Id)
                throw new InvalidOperationException($"The refused checkpoint of {partNumber} was replaced by a newer one meanwhile; choose again.");
            _conflicts.Take(partNumber);
        }
        string message;
        if (choice == PushConflictChoice.OverwriteTheirs)
        {
            var again = entry with { Overwrite = true, Attempts = 0, ServerErrors = 0 };
            lock (_gate)
            {
                File.Move(snapshot, _folder.PathOf(again.SnapshotFile), overwrite: true);
                _folder.Write(again);
                var at = _entries.FindLastIndex(e => e.Sequence < again.Sequence) + 1;
                _entries.Insert(at, again);
            }
            PublishCount();
            Nudge();
            message = $"Pushing your {entry.Context} checkpoint of {partNumber} over " +
                (conflict.Head is { } head ? VersionText.Describe(head, _time) : "the newer version") + "; theirs stays on the server.";
        }
        else
        {
            var keptAt = entry.ConflictCopy;
            if (choice == PushConflictChoice.KeepAsCopy && (keptAt is null || !File.Exists(keptAt)))
            {
                // No copy beside the document: the outbox's own copy is the one kept.
                keptAt = _folder.MoveToFailed(entry, snapshot);
            }
            else
            {
                File.Delete(snapshot);
            }
            if (choice == PushConflictChoice.DiscardMine && entry.ConflictCopy is { } copy) DeleteIfSame(copy, entry.FileSha256);
            message = choice == PushConflictChoice.KeepAsCopy
                ? $"{Path.GetFileName(entry.SourcePath)} is now {replaced!.Version}; your version is kept as {keptAt}."
                : $"{Path.GetFileName(entry.SourcePath)} is now {replaced!.Version}; your refused version was discarded.";
        }
        PublishCount();
        _signals.Publish(new PushConflictResolved(partNumber, choice.ToWire(), message));
        return message;
    }

    private PushConflict Describe(PushConflicts.Conflict conflict)
    {
        var entry = conflict.Entry;
        // The copy sits beside the document, so its name says enough; the outbox's own copy needs its whole path.
        var kept = entry.ConflictCopy is { } copy ? $"beside it as {Path.GetFileName(copy)}" : $"in {_conflicts.SnapshotOf(entry)}";
        var newer = conflict.Head is { } head ? VersionText.Describe(head, _time) : "a newer version";
        return new PushConflict(entry.PartNumber, entry.Context, entry.SourcePath, entry.ConflictCopy, conflict.Head,
            $"{entry.PartNumber} has {newer}, which your file was not based on: your {entry.Context} checkpoint was not pushed, so their work is not lost. " +
            $"Yours is kept {kept}.", entry.Id);
    }

    private static void DeleteIfSame(string path, string sha256)
    {
        try
        {
            if (File.Exists(path) && FileLineage.SameHash(FileHashes.Sha256(path), sha256)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A copy that cannot be read or removed is left where the user can see it.
        }
    }

    /// <summary>
    /// A refusal retrying cannot cure: the entry moves to <c>failed/</c> (the user's own file is
    /// untouched either way) and the session it would have released is released now. An
    /// unreachable server at that point is fine: the lease runs out by itself.
    /// </summary>
    /// <returns>False when the entry could not be moved (the disk is full): it stays, and the next attempt tries again.</returns>
    private async Task<bool> GiveUpAsync(OutboxEntry entry, Exception e, CancellationToken ct)
    {
        var kept = "";
        try
        {
            Remove(entry, x => kept = _folder.MoveToFailed(x));
        }
        catch (Exception move) when (StorageFailures.IsLocal(move))
        {
            var reason = $"The server refused the {entry.Context} checkpoint of {entry.PartNumber} ({e.Message}), and it could not be set aside in " +
                $"{_folder.FailedDirectory}: {StorageFailures.Describe(move, _folder.FailedDirectory)}. It stays in the outbox and is tried again.";
            Hold(entry, reason, error: false);
            _signals.Publish(new SyncError(entry.PartNumber, reason));
            return false;
        }
        var why = e is ConflictException { Problem.Code: "superseded" }
            ? "the edit session lapsed and another user has taken the object since"
            : e.Message;
        _signals.Publish(new SyncError(entry.PartNumber,
            $"The {entry.Context} checkpoint of {entry.PartNumber} was refused: {why}. A copy of the file is kept at {kept}."));
        await ReleaseSessionAsync(entry, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The checkpoint would have released its session; refused, it releases it directly. An unreachable server is fine: the lease runs out.</summary>
    private async Task ReleaseSessionAsync(OutboxEntry entry, CancellationToken ct)
    {
        if (entry.SessionId is null) return;
        try
        {
            await _client.ReleaseEditSessionAsync(entry.PartNumber, entry.SessionId, reason: null, ct).ConfigureAwait(false);
        }
        catch (Exception release) when (release is UnavailableException or NotFoundException or ConflictException)
        {
            // Unreachable: the lease expires on its own. Not found / conflict: the session is already gone.
        }
        catch (SiloApiException release)
        {
            _signals.Publish(new SyncError(entry.PartNumber, $"Releasing edit session {entry.SessionId} failed: {release.Message}"));
        }
    }

    private void Remove(OutboxEntry entry, Action<OutboxEntry> onDisk)
    {
        lock (_gate)
        {
            onDisk(entry);
            _entries.RemoveAll(e => e.Id == entry.Id);
            _announced.Remove(entry.Id);
        }
        PublishCount();
    }

    private void PublishCount()
    {
        // Read and sent under one lock, so concurrent changes reach observers in order and the last value is the true count.
        lock (_countGate) _counts.OnNext(PendingCount);
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
