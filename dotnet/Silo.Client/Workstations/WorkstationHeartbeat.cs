using Silo.Client.Errors;

namespace Silo.Client.Workstations;

/// <summary>Keeps a workstation's edit-session leases alive while the workbench runs.</summary>
public static class WorkstationHeartbeat
{
    /// <summary>
    /// Sends a heartbeat every <paramref name="interval"/> until cancelled. Choose an interval well
    /// within the server's lease (default lease 2 min: every 30 s), so one lost beat does not
    /// lapse a session. An unreachable server is skipped over: the next beat tries again.
    /// </summary>
    /// <param name="onBeat">Told each answer (e.g. to show lease expiry); may be null.</param>
    /// <exception cref="NotFoundException">The workstation is gone (deleted elsewhere): beating on would never help.</exception>
    public static async Task RunAsync(
        ISiloClient client, string workstationId, TimeSpan interval, TimeProvider? time = null, Action<HeartbeatResult>? onBeat = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        time ??= TimeProvider.System;
        while (true)
        {
            try
            {
                var result = await client.HeartbeatAsync(workstationId, ct).ConfigureAwait(false);
                onBeat?.Invoke(result);
            }
            catch (UnavailableException)
            {
                // Leases outlive several intervals; the next beat may get through.
            }
            await Task.Delay(interval, time, ct).ConfigureAwait(false);
        }
    }
}
