using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using NSubstitute;
using Silo.Client.Events;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge.Tests;

public sealed partial class WorkbenchFacadeTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SyncNow_ReturnsBeforeTheSyncEnds_AndItsEndArrivesAsASignal()
    {
        _facade.Start(Request);
        var sync = new TaskCompletionSource<SyncStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _core.SyncNowAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            started.TrySetResult();
            return sync.Task;
        });
        var finished = _facade.Signals.OfType<SyncNowFinished>().FirstAsync().ToTask();

        _facade.SyncNow();

        await started.Task.WaitAsync(SafetyNet);
        Assert.False(finished.IsCompleted);
        sync.SetResult(new SyncStatus(1, 0, 2, 3, ConnectionState.Connected, T0));
        Assert.Equal(new SyncNowFinished(1, 2, 3), await finished.WaitAsync(SafetyNet));
    }

    [Fact]
    public async Task SyncNow_Failure_ArrivesAsASyncErrorInPlainWords()
    {
        _facade.Start(Request);
        _core.SyncNowAsync(Arg.Any<CancellationToken>())
            .Returns(Task.FromException<SyncStatus>(new Silo.Client.Errors.UnavailableException("Circuit is open.") { Server = new Uri("http://silo.example:5080") }));
        var error = _facade.Signals.OfType<SyncError>().FirstAsync().ToTask();

        _facade.SyncNow();

        Assert.Equal("Sync Now did not finish: The Silo server at silo.example:5080 is not answering.", (await error.WaitAsync(SafetyNet)).Message);
    }

}
