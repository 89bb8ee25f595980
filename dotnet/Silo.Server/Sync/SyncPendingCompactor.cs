using System.Threading.Channels;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>
/// Drops the pending items a sync diff found in step, after the diff has answered: reading a diff
/// stays a read, and the writes of many diffs go to the store together. Losing some of this work
/// (a stopping server) costs only a little more reading on the next diff.
/// </summary>
public sealed class SyncPendingCompactor(IDatabase db, SyncPendingStore pending, ILogger<SyncPendingCompactor> logger) : BackgroundService
{
    private readonly Channel<(string WorkstationId, IReadOnlyList<SyncPendingStore.Seen> Seen)> _queue =
        Channel.CreateUnbounded<(string, IReadOnlyList<SyncPendingStore.Seen>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _gate = new();
    private int _outstanding;
    private TaskCompletionSource _drained = Drained();

    internal void Post(string workstationId, IReadOnlyList<SyncPendingStore.Seen> seen)
    {
        if (seen.Count == 0) return;
        lock (_gate)
        {
            if (_outstanding++ == 0) _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _queue.Writer.TryWrite((workstationId, seen));
    }

    /// <summary>Completes once everything posted so far has been written (or given up on): for tests.</summary>
    internal Task DrainedAsync()
    {
        lock (_gate) return _drained.Task;
    }

    private static TaskCompletionSource Drained()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var work = new List<(string WorkstationId, IReadOnlyList<SyncPendingStore.Seen> Seen)>();
                while (_queue.Reader.TryRead(out var next)) work.Add(next);
                try
                {
                    await db.WriteAsync(async s =>
                    {
                        foreach (var group in work.GroupBy(w => w.WorkstationId, StringComparer.Ordinal))
                            await pending.RemoveSeenAsync(s, group.Key, group.SelectMany(g => g.Seen).Distinct().ToList(), stoppingToken);
                        return true;
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Dropping sync entries found in step failed; the next diff looks at them again");
                }
                lock (_gate)
                {
                    _outstanding -= work.Count;
                    if (_outstanding == 0) _drained.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
