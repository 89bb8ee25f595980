using System.Reactive.Subjects;

namespace SiloMod.Bridge;

/// <summary>
/// A stream the host subscribes to. An observer is the host's code on a core thread: when it throws,
/// the failure is logged and that observer only misses that one value. (Rx would unsubscribe it, and
/// a Python handler's one bad event would silence the Activity pane for good.)
/// </summary>
internal sealed class HostStream<T> : IObservable<T>, IDisposable
{
    private readonly Subject<T> _subject = new();

    public IDisposable Subscribe(IObserver<T> observer) => _subject.Subscribe(new Guarded(observer));

    public void Publish(T value) => _subject.OnNext(value);

    public void Dispose() => _subject.Dispose();

    private sealed class Guarded(IObserver<T> observer) : IObserver<T>
    {
        public void OnNext(T value)
        {
            try
            {
                observer.OnNext(value);
            }
#pragma warning disable CA1031 // Whatever the host's handler throws must not reach the core's thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Console.Error.WriteLine($"SiloMod.Bridge: the host's event handler failed: {ex}");
            }
        }

        // The facade's streams neither fail nor end: a core stream's failure arrives as a signal.
        public void OnError(Exception error) { }

        public void OnCompleted() { }
    }
}
