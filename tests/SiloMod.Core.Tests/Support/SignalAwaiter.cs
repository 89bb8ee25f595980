using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.Support;

/// <summary>Waits for a signal without sleeping: subscribe first, act, then await (a timeout guards against a hang).</summary>
internal static class SignalAwaiter
{
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);

    public static Task<T> Next<T>(this SignalHub hub, Func<T, bool>? match = null) where T : SiloModSignal =>
        hub.All.OfType<T>().Where(s => match?.Invoke(s) ?? true).FirstAsync().Timeout(SafetyNet).ToTask();

    public static List<SiloModSignal> Record(this SignalHub hub, out IDisposable subscription)
    {
        var seen = new List<SiloModSignal>();
        subscription = hub.All.Subscribe(s => { lock (seen) seen.Add(s); });
        return seen;
    }

    public static async Task<T> Within<T>(this Task<T> task) => await task.WaitAsync(SafetyNet);

    public static async Task Within(this Task task) => await task.WaitAsync(SafetyNet);
}
