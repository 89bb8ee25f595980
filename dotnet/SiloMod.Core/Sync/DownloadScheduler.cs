using SiloMod.Core.Items;
using SiloMod.Core.Settings;

namespace SiloMod.Core.Sync;

/// <summary>
/// Runs queued work with at most <see cref="SiloModSettings.SubscriptionMaxDownloads"/> at a time,
/// reading the setting each time a slot frees, so a change applies without a restart. One item is
/// never worked on twice at once; queuing an item already queued replaces its work (the newer target wins).
/// </summary>
internal sealed class DownloadScheduler(ISettingsSource settings, Func<SyncWork, Task<bool>> process, Action changed)
{
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, SyncWork> _queued = new(PartNumberRule.Comparer);
    private readonly HashSet<string> _running = new(PartNumberRule.Comparer);
    private readonly HashSet<Task> _tasks = [];
    private bool _stopped;

    /// <summary>The items queued or running; an item running while its newer target waits counts once.</summary>
    public IReadOnlyCollection<string> PartNumbers()
    {
        lock (_gate) return [.. _queued.Keys.Union(_running, PartNumberRule.Comparer)];
    }

    public bool Contains(string partNumber)
    {
        lock (_gate) return _queued.ContainsKey(partNumber) || _running.Contains(partNumber);
    }

    /// <returns>The work it replaced, whose batch the caller settles; null when the item was not queued.</returns>
    public SyncWork? Enqueue(SyncWork work)
    {
        SyncWork? replaced;
        lock (_gate)
        {
            if (_stopped) return null;
            if (_queued.Remove(work.PartNumber, out replaced)) _order.Remove(work.PartNumber);
            _queued[work.PartNumber] = work;
            _order.Add(work.PartNumber);
        }
        Pump();
        changed();
        return replaced;
    }

    /// <returns>The queued work taken out (not started), or null.</returns>
    public SyncWork? Remove(string partNumber)
    {
        lock (_gate)
        {
            if (!_queued.Remove(partNumber, out var work)) return null;
            _order.Remove(partNumber);
            return work;
        }
    }

    /// <summary>Stops starting work and waits for what runs; returns the work never started.</summary>
    public async Task<IReadOnlyList<SyncWork>> StopAsync()
    {
        Task[] running;
        List<SyncWork> left;
        lock (_gate)
        {
            _stopped = true;
            left = [.. _order.Select(pn => _queued[pn])];
            _queued.Clear();
            _order.Clear();
            running = [.. _tasks];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        return left;
    }

    private void Pump()
    {
        lock (_gate)
        {
            while (!_stopped && _running.Count < settings.Current.SubscriptionMaxDownloads)
            {
                var next = _order.FirstOrDefault(pn => !_running.Contains(pn));
                if (next is null) return;
                var work = _queued[next];
                _queued.Remove(next);
                _order.Remove(next);
                _running.Add(next);
                var task = Task.Run(() => RunAsync(work));
                _tasks.Add(task);
                _ = task.ContinueWith(t =>
                {
                    lock (_gate) _tasks.Remove(t);
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task RunAsync(SyncWork work)
    {
        var synced = false;
        try
        {
            // process handles its own failures; anything escaping it is a bug it reports itself.
            synced = await process(work).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate) _running.Remove(work.PartNumber);
            Pump();
            changed();
            // Last: whoever waits on the batch (Sync Now) must find the item no longer pending.
            work.Batch?.Settle(synced);
        }
    }
}
