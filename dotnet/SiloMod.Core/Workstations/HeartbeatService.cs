using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Workstations;
using SiloMod.Core.Signals;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Workstations;

/// <summary>
/// Renews this workstation's edit-session leases while the core runs: a beat at start, then one
/// per interval on a timer of the injected clock. A beat still in flight when the next is due is
/// not doubled. An unreachable server is skipped (leases outlive several intervals); a deleted
/// workstation stops the loop with a <see cref="SyncError"/>, since beating on could never help.
/// </summary>
public sealed class HeartbeatService : IAsyncDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly ISiloClient _client;
    private readonly string _workstationId;
    private readonly SignalHub _signals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private Task _beat = Task.CompletedTask;
    private HeartbeatResult? _last;
    private bool _authReported;
    private bool _beating;
    private bool _beatAgain;
    private bool _disposed;

    /// <param name="interval">Default 30 s: well inside the server's lease (2 min), so one lost beat lapses nothing.</param>
    public HeartbeatService(ISiloClient client, string workstationId, SignalHub signals, TimeProvider? time = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        ArgumentNullException.ThrowIfNull(signals);
        _interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
        _client = client;
        _workstationId = workstationId;
        _signals = signals;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The last answer: how many leases were renewed and until when; null before the first.</summary>
    public HeartbeatResult? LastResult
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Completes when the loop ends: disposed, or the workstation is gone.</summary>
    public Task Stopped => _stopped.Task;

    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_timer is not null || _stopped.Task.IsCompleted) throw new InvalidOperationException("The heartbeat has already been started.");
            _timer = _time.CreateTimer(_ => Tick(), null, _interval, _interval);
        }
        Tick();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Task beat;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            beat = _beat;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await beat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopped.TrySetResult();
        _stop.Dispose();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_timer is null) return;
            // A beat still running when the next is due: one more follows it, never two at once.
            if (_beating)
            {
                _beatAgain = true;
                return;
            }
            _beating = true;
            _beat = BeatLoopAsync(_stop.Token);
        }
    }

    private async Task BeatLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            // Off the timer's thread: the beat is an HTTP call, and a manual clock fires timers inline.
            await Task.Yield();
            await BeatAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (!_beatAgain || _timer is null || ct.IsCancellationRequested)
                {
                    _beating = false;
                    return;
                }
                _beatAgain = false;
            }
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            var result = await _client.HeartbeatAsync(_workstationId, ct).ConfigureAwait(false);
            lock (_gate)
            {
                _last = result;
                _authReported = false;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (UnavailableException)
        {
            // Normal while offline; the next beat tries again.
        }
        catch (NotFoundException e)
        {
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
            }
            _signals.Publish(new SyncError(null,
                $"Workstation {_workstationId} no longer exists on the server ({e.Message}); edit sessions can no longer be kept alive. Register this workstation again."));
            _stopped.TrySetResult();
        }
        catch (AuthException e)
        {
            bool first;
            lock (_gate) (first, _authReported) = (!_authReported, true);
            if (first) _signals.Publish(new SyncError(null, $"The server refused the heartbeat: {e.Message}. Edit sessions will lapse until it is accepted."));
        }
#pragma warning disable CA1031 // A timer callback must never throw; the fault is shown and the next beat tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _signals.Publish(new SyncError(null, $"The heartbeat failed: {ServerWords.Describe(e)}"));
        }
    }
}
