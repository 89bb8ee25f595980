using System.Runtime.ExceptionServices;

namespace SiloMod.Bridge;

/// <summary>The host's one way to reach the configured server: it asks on every use, the facade decides what that costs.</summary>
public sealed partial class WorkbenchFacade
{
    /// <summary>
    /// How long a failed start of a server and token answers with the same failure: the host asks
    /// on every context change, on FreeCAD's GUI thread, and must not wait each time for a server
    /// found unreachable moments ago.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _connectGate = new();
    private FailedStart? _lastFailure;

    /// <summary>
    /// The core running against <paramref name="request"/>'s server and token: the running one when
    /// it has them, else a new start (a core running with others is stopped first, as the user
    /// changed the preferences).
    /// </summary>
    /// <param name="force">The user asked explicitly (Test connection): try even a server that failed moments ago.</param>
    public Connection Connect(StartRequest request, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.ServerUrl) || string.IsNullOrWhiteSpace(request.Token))
            throw new BridgeException(BridgeException.Types.NotConfigured, "Set the Silo server URL and token in Edit → Preferences → Silo.");

        lock (_connectGate)
        {
            if (RunsWith(request)) return new Connection(Start(request), StartedNow: false);
            var failure = _lastFailure;
            if (!force && failure is not null && failure.Matches(request) && _clock.GetUtcNow() - failure.At < RetryAfter)
                ExceptionDispatchInfo.Throw(failure.Error);

            Stop();
            try
            {
                var identity = Start(request);
                _lastFailure = null;
                return new Connection(identity, StartedNow: true);
            }
            catch (Exception e)
            {
                _lastFailure = new FailedStart(request.ServerUrl, request.Token, _clock.GetUtcNow(), e);
                throw;
            }
        }
    }

    private bool RunsWith(StartRequest request)
    {
        lock (_gate)
        {
            return _started is not null && _startedWith is { } running
                && running.ServerUrl == request.ServerUrl && running.Token == request.Token;
        }
    }

    private sealed record FailedStart(string ServerUrl, string Token, DateTimeOffset At, Exception Error)
    {
        public bool Matches(StartRequest request) => ServerUrl == request.ServerUrl && Token == request.Token;
    }
}

/// <summary>What <see cref="WorkbenchFacade.Connect"/> did: <paramref name="StartedNow"/> is false when the running core already served.</summary>
public sealed record Connection(CoreIdentity Identity, bool StartedNow);
