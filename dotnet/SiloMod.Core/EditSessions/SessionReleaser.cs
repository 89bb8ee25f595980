using Silo.Client;
using Silo.Client.Errors;
using SiloMod.Core.Signals;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// Ends edit sessions directly (not through a checkpoint). Never throws: a server that cannot be
/// reached, or that is slower than the budget, is normal here, because the lease simply lapses
/// once heartbeats stop renewing it; only a real refusal is shown, as a <see cref="SyncError"/>.
/// </summary>
internal sealed class SessionReleaser(ISiloClient client, SignalHub signals, TimeProvider time, Func<TimeSpan> budget)
{
    public async Task ReleaseAsync(string partNumber, string sessionId, CancellationToken ct)
    {
        using var overBudget = new CancellationTokenSource(budget(), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, overBudget.Token);
        try
        {
            await client.ReleaseEditSessionAsync(partNumber, sessionId, reason: null, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UnavailableException or NotFoundException)
        {
            // Unreachable: the lease lapses by itself. Not found: it already ended (lapsed, or an admin ended it).
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Over budget: treated like unreachable.
        }
        catch (SiloApiException e)
        {
            signals.Publish(new SyncError(partNumber, $"Releasing edit session {sessionId} failed: {e.Message}"));
        }
    }
}
