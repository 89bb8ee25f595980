using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace SiloMod.Core.Signals;

/// <summary>
/// Every signal of the core, as one stream and as typed views of it. Publishing is safe from any
/// thread: producers run on pool threads, and Rx observers must never see overlapping calls.
/// </summary>
public sealed class SignalHub : IDisposable
{
    private readonly Subject<SiloModSignal> _subject = new();
    private readonly ISubject<SiloModSignal> _all;

    public SignalHub() => _all = Subject.Synchronize(_subject);

    public IObservable<SiloModSignal> All => _all.AsObservable();

    public IObservable<CheckpointPushed> CheckpointPushed => All.OfType<CheckpointPushed>();
    public IObservable<CheckpointQueued> CheckpointQueued => All.OfType<CheckpointQueued>();
    public IObservable<FileSynced> FileSynced => All.OfType<FileSynced>();
    public IObservable<FileDeferred> FileDeferred => All.OfType<FileDeferred>();
    public IObservable<FileConflict> FileConflict => All.OfType<FileConflict>();
    public IObservable<FileUntracked> FileUntracked => All.OfType<FileUntracked>();
    public IObservable<BulkSyncComplete> BulkSyncComplete => All.OfType<BulkSyncComplete>();
    public IObservable<PresenceChanged> PresenceChanged => All.OfType<PresenceChanged>();
    public IObservable<SoftInterference> SoftInterference => All.OfType<SoftInterference>();
    public IObservable<HardInterferenceBlocked> HardInterferenceBlocked => All.OfType<HardInterferenceBlocked>();
    public IObservable<OfflineEditing> OfflineEditing => All.OfType<OfflineEditing>();
    public IObservable<HandoffRequested> HandoffRequested => All.OfType<HandoffRequested>();
    public IObservable<LeaveContextRequested> LeaveContextRequested => All.OfType<LeaveContextRequested>();
    public IObservable<SyncError> SyncError => All.OfType<SyncError>();

    public void Publish(SiloModSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        _all.OnNext(signal);
    }

    public void Dispose()
    {
        _all.OnCompleted();
        _subject.Dispose();
    }
}
