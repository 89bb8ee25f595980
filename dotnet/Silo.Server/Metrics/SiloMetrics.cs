using Prometheus;
using Silo.Server.EditSessions;
using Silo.Server.Events;
using Silo.Server.Locks;
using Silo.Server.Storage;

namespace Silo.Server.Metrics;

/// <summary>
/// What an operator of one or several instances watches, served at <c>/metrics</c> in Prometheus'
/// text format. Each instance answers for itself: requests, streams and lag are this instance's;
/// locks and edit sessions are the shared database's (the same on every instance).
/// </summary>
/// <remarks>
/// prometheus-net rather than OpenTelemetry: it is a stable release (OpenTelemetry's Prometheus
/// exporter is still a beta), one package, and it gives each server its own registry, whereas
/// OpenTelemetry listens to meters by name across the process, so several servers in one test
/// process would count each other's requests.
/// </remarks>
public sealed class SiloMetrics
{
    private readonly Counter _checkpointBytes;

    public SiloMetrics(IDatabase db, LockStore locks, EditSessionStore sessions, EventLog log, EventBroadcaster broadcaster)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _checkpointBytes = factory.CreateCounter("silo_checkpoint_bytes_total",
            "Bytes of the checkpoint files this instance accepted (the file's size, once per checkpoint created).");
        var streams = factory.CreateGauge("silo_event_streams", "Event streams (SSE) open on this instance.");
        var lag = factory.CreateGauge("silo_event_lag",
            "Events committed but not yet offered to this instance's open streams (0 while none is open).");
        var liveLocks = factory.CreateGauge("silo_locks", "Check-out locks held (whole database).");
        var liveSessions = factory.CreateGauge("silo_edit_sessions", "Live edit sessions (whole database).");
        // Read at each scrape: counting the live rows walks an index of live locks and sessions, and
        // scrapes come every few seconds at most, so a cached copy would only add staleness.
        Registry.AddBeforeCollectCallback(async ct =>
        {
            var (lockCount, sessionCount, head) = await db.ReadAsync(async s =>
                (await locks.CountActiveAsync(s, ct), await sessions.CountLiveAsync(s, ct), await log.HeadAsync(s, ct)), ct);
            var open = broadcaster.Subscribers;
            streams.Set(open);
            lag.Set(open == 0 ? 0 : Math.Max(0, head - broadcaster.Position));
            liveLocks.Set(lockCount);
            liveSessions.Set(sessionCount);
        });
    }

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public void CheckpointAccepted(long bytes) => _checkpointBytes.Inc(bytes);
}
