using Silo.Server.Storage;

namespace Silo.Server.Events;

/// <summary>
/// The in-process <see cref="IEventFeed"/>. After each commit that appended events it reads the new
/// events once, renders each once, and offers each to the streams allowed to see it: an event for
/// one workstation reaches that workstation's streams only, so a commit costs one read however
/// many streams are open and wakes only the streams it concerns. Relies on the log's ids becoming
/// visible in increasing order, which the single SQLite writer guarantees.
/// </summary>
public sealed class EventBroadcaster(IDatabase db, EventLog log, EventNotifier notifier, ILogger<EventBroadcaster> logger)
    : BackgroundService, IEventFeed
{
    private const int BatchSize = 1000;

    /// <summary>
    /// The next round waits until the streams the last one woke have taken their frames (each
    /// stream's write has begun), at most this long. Under a steady flow of events a stream then
    /// writes everything committed during the previous round's writes in one go, instead of one
    /// write per commit: the number of writes follows what the streams can take, not the commit rate.
    /// A lone event still goes out at once. The bound keeps a stalled stream from holding up the rest.
    /// </summary>
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private EventSubscription[] _everyone = [];
    private EventSubscription[] _unattached = [];
    private Dictionary<string, EventSubscription[]> _byWorkstation = new(StringComparer.Ordinal);
    private Dictionary<string, EventSubscription[]> _byUser = new(StringComparer.Ordinal);
    private long _position;

    /// <summary>How many streams are subscribed now.</summary>
    public int Subscribers => Volatile.Read(ref _everyone).Length;

    /// <summary>The id of the last event offered to the streams (it stays put while none is open).</summary>
    public long Position => Volatile.Read(ref _position);

    public async Task<EventSubscription> SubscribeAsync(EventReader reader, CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        lock (_gate)
        {
            var subscription = new EventSubscription(reader, Unsubscribe);
            _everyone = [.. _everyone, subscription];
            _byUser = With(_byUser, reader.UserId, subscription);
            if (reader.WorkstationId is { } workstation) _byWorkstation = With(_byWorkstation, workstation, subscription);
            else _unattached = [.. _unattached, subscription];
            return subscription;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Volatile.Write(ref _position, await db.ReadAsync(s => log.HeadAsync(s, stoppingToken), stoppingToken));
            _started.TrySetResult();
            while (!stoppingToken.IsCancellationRequested)
            {
                // Taken before reading, so a commit during the read still wakes the next round.
                var next = notifier.NextAsync();
                var began = System.Diagnostics.Stopwatch.GetTimestamp();
                IReadOnlyCollection<EventSubscription> woken = [];
                try
                {
                    woken = await DispatchNewAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed read is retried on the next commit; streams that miss frames meanwhile
                    // still have the log (they replay from their last id when they reconnect).
                    logger.LogError(e, "Reading new events for the open streams failed");
                }
                await next.WaitAsync(stoppingToken);
                await UntilTakenAsync(woken, began, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _started.TrySetCanceled(CancellationToken.None);
        }
    }

    /// <summary>Waits until none of <paramref name="woken"/> still has frames to take, or until <see cref="MaxPause"/> after <paramref name="began"/>.</summary>
    private static async Task UntilTakenAsync(IReadOnlyCollection<EventSubscription> woken, long began, CancellationToken ct)
    {
        // Real time, not the injected clock: this paces the machine's work, and under a test's
        // manual clock events must still flow.
        var waiting = woken.Where(s => s.HasPending).ToList();
        while (waiting.Count > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(began) < MaxPause)
        {
            await Task.Delay(1, ct);
            waiting.RemoveAll(s => !s.HasPending);
        }
    }

    /// <returns>The streams that were offered frames.</returns>
    private async Task<IReadOnlyCollection<EventSubscription>> DispatchNewAsync(CancellationToken ct)
    {
        var woken = new HashSet<EventSubscription>();
        while (true)
        {
            // With nobody listening, the position stays put; the first stream's replay covers the gap.
            if (Subscribers == 0) return woken;
            var position = Volatile.Read(ref _position);
            var frames = await db.ReadAsync(s => log.ReadAllFramesAfterAsync(s, position, BatchSize, ct), ct);
            if (frames.Count == 0) return woken;
            // The streams are looked up after the read: a stream that subscribed before these events
            // committed is found here, one that subscribed later replays them from the log itself.
            EventSubscription[] everyone, unattached;
            Dictionary<string, EventSubscription[]> byWorkstation, byUser;
            lock (_gate) (everyone, unattached, byWorkstation, byUser) = (_everyone, _unattached, _byWorkstation, _byUser);
            foreach (var frame in frames)
            {
                if (frame.Recipients is { } recipients)
                {
                    foreach (var recipient in recipients) Offer(frame, byWorkstation.GetValueOrDefault(recipient, []), woken);
                    if (frame.UnattachedToo) Offer(frame, unattached, woken);
                    continue;
                }
                Offer(frame, frame.AudienceWorkstationId is { } workstation ? byWorkstation.GetValueOrDefault(workstation, [])
                    : frame.AudienceUserId is { } user ? byUser.GetValueOrDefault(user, [])
                    : everyone, woken);
            }
            Volatile.Write(ref _position, frames[^1].Id);
            if (frames.Count < BatchSize) return woken;
        }
    }

    private static void Offer(EventFrame frame, EventSubscription[] targets, HashSet<EventSubscription> woken)
    {
        foreach (var subscription in targets)
        {
            if (!frame.IsFor(subscription.Reader)) continue;
            subscription.Offer(frame);
            woken.Add(subscription);
        }
    }

    private void Unsubscribe(EventSubscription subscription)
    {
        lock (_gate)
        {
            _everyone = [.. _everyone.Where(s => s != subscription)];
            _byUser = Without(_byUser, subscription.Reader.UserId, subscription);
            if (subscription.Reader.WorkstationId is { } workstation) _byWorkstation = Without(_byWorkstation, workstation, subscription);
            else _unattached = [.. _unattached.Where(s => s != subscription)];
        }
    }

    // Copy on write: dispatch iterates a snapshot without locking, and streams come and go far less often than events.
    private static Dictionary<string, EventSubscription[]> With(Dictionary<string, EventSubscription[]> map, string key, EventSubscription subscription) =>
        new(map, StringComparer.Ordinal) { [key] = [.. map.GetValueOrDefault(key, []), subscription] };

    private static Dictionary<string, EventSubscription[]> Without(Dictionary<string, EventSubscription[]> map, string key, EventSubscription subscription)
    {
        var copy = new Dictionary<string, EventSubscription[]>(map, StringComparer.Ordinal);
        var left = map.GetValueOrDefault(key, []).Where(s => s != subscription).ToArray();
        if (left.Length == 0) copy.Remove(key);
        else copy[key] = left;
        return copy;
    }
}
