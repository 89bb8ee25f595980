namespace SiloMod.Core.Sync;

/// <summary>
/// The files one sync queued: completes when each has been synced, deferred, put in conflict or
/// failed, so the sync is summarized once (<see cref="Signals.BulkSyncComplete"/>) and Sync Now
/// can wait for it.
/// </summary>
internal sealed class SyncBatch(string target)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outstanding;
    private int _synced;
    private bool _sealed;

    public string Target { get; } = target;

    /// <summary>How many files were written, once every file is settled.</summary>
    public Task<int> Completion => _done.Task;

    public void Add()
    {
        lock (_gate) _outstanding++;
    }

    public void Settle(bool synced)
    {
        lock (_gate)
        {
            _outstanding--;
            if (synced) _synced++;
            if (_sealed && _outstanding == 0) _done.TrySetResult(_synced);
        }
    }

    /// <summary>No more files join; completes now when none is outstanding.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            _sealed = true;
            if (_outstanding == 0) _done.TrySetResult(_synced);
        }
    }

    public void Cancel() => _done.TrySetCanceled();
}
