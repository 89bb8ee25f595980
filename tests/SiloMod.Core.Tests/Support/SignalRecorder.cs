using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.Support;

/// <summary>Every signal published, and waits for the next one matching, with a timeout as a safety net.</summary>
internal sealed class SignalRecorder : IDisposable
{
    private readonly SignalHub _hub;
    private readonly List<SiloModSignal> _seen = [];
    private readonly IDisposable _subscription;

    public SignalRecorder(SignalHub hub)
    {
        _hub = hub;
        _subscription = hub.All.Subscribe(s =>
        {
            lock (_seen) _seen.Add(s);
        });
    }

    public IReadOnlyList<T> Of<T>()
        where T : SiloModSignal
    {
        lock (_seen) return [.. _seen.OfType<T>()];
    }

    /// <summary>Subscribe before acting: the task completes with the first matching signal published after this call.</summary>
    /// <param name="within">How long to wait at most: 10 s unless a test spans a server restart.</param>
    public Task<T> Next<T>(Func<T, bool>? match = null, TimeSpan? within = null)
        where T : SiloModSignal =>
        _hub.All.OfType<T>().Where(s => match?.Invoke(s) ?? true).FirstAsync().Timeout(within ?? TimeSpan.FromSeconds(10)).ToTask();

    public void Dispose() => _subscription.Dispose();
}
