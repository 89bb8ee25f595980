using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Activity;

/// <summary>Performs a row's button: the core's call it stands for, then the row keeps the outcome (or goes).</summary>
public static class ActivityCommands
{
    /// <param name="core">Asked for only by the actions that need the running core.</param>
    /// <exception cref="ArgumentException">No such row or button, or a button the host performs itself (Open, View in Silo).</exception>
    public static async Task PerformAsync(ActivityFeed feed, long rowId, ActivityActionKind kind, Func<IHostProtocol> core, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(core);
        var action = feed.Find(rowId)?.Action(kind)
            ?? throw new ArgumentException($"The activity row {rowId} has no {kind} button (any more).", nameof(rowId));
        switch (kind)
        {
            case ActivityActionKind.Dismiss:
                feed.Dismiss(rowId);
                return;
            case ActivityActionKind.Defer:
                feed.Defer(rowId);
                return;
            case ActivityActionKind.RequestHandoff:
                await core().RequestHandoffAsync(Need(action.PartNumber), Need(action.SessionId), null, ct).ConfigureAwait(false);
                break;
            case ActivityActionKind.ReleaseNow:
                await core().ReleaseNowAsync(Need(action.SessionId), ct).ConfigureAwait(false);
                break;
            case ActivityActionKind.Overwrite or ActivityActionKind.Skip:
                await core().ResolveConflictAsync(Need(action.PartNumber), kind == ActivityActionKind.Overwrite ? ConflictChoice.Overwrite : ConflictChoice.Skip, ct).ConfigureAwait(false);
                break;
            case ActivityActionKind.OverwriteTheirs or ActivityActionKind.KeepAsCopy or ActivityActionKind.DiscardMine:
                var choice = kind switch
                {
                    ActivityActionKind.OverwriteTheirs => PushConflictChoice.OverwriteTheirs,
                    ActivityActionKind.KeepAsCopy => PushConflictChoice.KeepAsCopy,
                    _ => PushConflictChoice.DiscardMine,
                };
                var said = await core().ResolvePushConflictAsync(Need(action.PartNumber), choice, action.ConflictId, ct).ConfigureAwait(false);
                feed.Settle(rowId, string.IsNullOrEmpty(said) ? "Done." : said);
                return;
            default:
                throw new ArgumentException($"{kind} is the host's to perform.", nameof(kind));
        }

        // The core's own signal (handoff_sent) may settle the card too; the same line is said once.
        if (action.Outcome is { } outcome) feed.Settle(rowId, outcome);
    }

    private static string Need(string? value) => value ?? throw new InvalidOperationException("The activity button lacks what its call needs.");
}
