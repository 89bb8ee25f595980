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
    private readonly ISubject<SiloModSignal> _live;
    private readonly ReplaySubject<SiloModSignal> _notices = new();
    private readonly IObservable<SiloModSignal> _all;

    public SignalHub()
    {
        _live = Subject.Synchronize(_subject);
        _all = Observable.Merge(_notices.AsObservable(), _live.AsObservable());
    }

    /// <summary>Every signal from now on, after the notices published so far (<see cref="PublishNotice"/>).</summary>
    public IObservable<SiloModSignal> All => _all;

    public IObservable<CheckpointPushed> CheckpointPushed => All.OfType<CheckpointPushed>();
    public IObservable<FileSynced> FileSynced => All.OfType<FileSynced>();
    public IObservable<FileConflict> FileConflict => All.OfType<FileConflict>();
    public IObservable<BulkSyncComplete> BulkSyncComplete => All.OfType<BulkSyncComplete>();
    public IObservable<PresenceChanged> PresenceChanged => All.OfType<PresenceChanged>();

    public void Publish(SiloModSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        _live.OnNext(signal);
    }

    /// <summary>
    /// A signal every subscriber gets, including those that subscribe later: what the core found
    /// while starting, before the host could listen. Kept for the life of the hub, so only for a few.
    /// </summary>
    public void PublishNotice(SiloModSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        _notices.OnNext(signal);
    }

    public void Dispose()
    {
        _notices.OnCompleted();
        _live.OnCompleted();
        _notices.Dispose();
        _subject.Dispose();
    }
}
