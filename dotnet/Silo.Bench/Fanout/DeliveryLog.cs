namespace Silo.Bench.Fanout;

/// <summary>
/// When each stream received each checkpoint's event. Streams may hear of a checkpoint before its
/// POST has answered with the id, so every delivery is kept and a waiter counts what is already there.
/// </summary>
internal sealed class DeliveryLog
{
    public readonly record struct Delivery(int Stream, long At);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Delivery>> _byCheckpoint = new(StringComparer.Ordinal);
    private (string CheckpointId, int Count, TaskCompletionSource Done)? _waiter;

    public void Record(string checkpointId, int stream, long at)
    {
        lock (_gate)
        {
            if (!_byCheckpoint.TryGetValue(checkpointId, out var list)) _byCheckpoint[checkpointId] = list = [];
            list.Add(new Delivery(stream, at));
            if (_waiter is { } w && w.CheckpointId == checkpointId && list.Count >= w.Count) w.Done.TrySetResult();
        }
    }

    /// <returns>The deliveries of the checkpoint once there are <paramref name="count"/>, or what came before the timeout.</returns>
    public async Task<Delivery[]> WaitAsync(string checkpointId, int count, TimeSpan timeout, CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_byCheckpoint.TryGetValue(checkpointId, out var list) && list.Count >= count) done.SetResult();
            else _waiter = (checkpointId, count, done);
        }
        try
        {
            await done.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Reported as missing deliveries by the caller.
        }
        lock (_gate)
        {
            _waiter = null;
            return _byCheckpoint.TryGetValue(checkpointId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Over every checkpoint so far: deliveries beyond the first to a stream, and streams that never got one.</summary>
    public (int Checkpoints, int Received, int Duplicates, int Missing) Audit(int streams)
    {
        lock (_gate)
        {
            var received = _byCheckpoint.Values.Sum(l => l.Count);
            var distinct = _byCheckpoint.Values.Sum(l => l.Select(d => d.Stream).Distinct().Count());
            return (_byCheckpoint.Count, received, received - distinct, _byCheckpoint.Count * streams - distinct);
        }
    }
}
