using Silo.Protocol.Subscriptions;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Items;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Host;

/// <summary>
/// Everything a host (the FreeCAD workbench through the bridge, or a test) tells the core, and what
/// it hears back. The host reports facts and performs decisions; it decides nothing itself.
/// </summary>
/// <remarks>Its <see cref="IContextGate"/> part answers each context move and takes saved checkpoints; the <see cref="ContextEngine"/> reads FreeCAD's facts into those moves.</remarks>
public interface IHostProtocol : IContextGate
{
    /// <summary>
    /// Takes a saved checkpoint without waiting for it: copying it into the outbox runs in the
    /// background, in the order handed over; a failure arrives as a <see cref="SyncError"/>, and
    /// stopping the core waits for hand-overs in flight. <see cref="IContextGate.SubmitCheckpointAsync"/> waits instead.
    /// </summary>
    void HandOverCheckpoint(CheckpointSubmission submission);

    /// <summary>The files open in the host now (the whole set each time); a file leaving the set releases its deferred download.</summary>
    void ReportOpenFiles(IReadOnlyCollection<string> paths);

    /// <summary>The part numbers of the tracked documents open in the host now (the whole set each time): presence covers them.</summary>
    void ReportOpenItems(IReadOnlyCollection<string> partNumbers);

    /// <summary>Ask the holder of a blocking session to let go.</summary>
    Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default);

    /// <summary>
    /// Answer a handoff request by giving up the session: the core asks the host to leave the context
    /// (<see cref="LeaveContextRequested"/>), whose exit pushes a checkpoint if the document changed and
    /// releases. A session this workstation does not hold is a <see cref="SyncError"/>.
    /// </summary>
    Task ReleaseNowAsync(string sessionId, CancellationToken ct = default);

    /// <summary>The user answered a <see cref="StaleNotice"/> with Edit anyway: the edit goes on, and its push will be refused and kept.</summary>
    Task EditAnywayAsync(string partNumber, CancellationToken ct = default);

    /// <summary>
    /// Brings the document's file to the item's head (the freshness prompt's Update), keeping any
    /// bytes no server version holds as a conflict copy first. The host reloads the document after.
    /// </summary>
    Task<DocumentReplaced> UpdateDocumentAsync(string partNumber, string filePath, CancellationToken ct = default);

    /// <summary>Settles a <see cref="PushConflict"/>: Overwrite theirs, Keep as a copy, or Discard mine.</summary>
    /// <param name="conflictId">The refusal the user chose on; when a newer one replaced it meanwhile, nothing is done and an error says so.</param>
    /// <returns>A sentence saying what was done.</returns>
    Task<string> ResolvePushConflictAsync(string partNumber, PushConflictChoice choice, string? conflictId = null, CancellationToken ct = default);

    /// <summary>The refused checkpoints waiting for the user (also after a restart).</summary>
    IReadOnlyList<PushConflict> PushConflicts();

    /// <summary>Read the sync diff and apply it now.</summary>
    Task<SyncStatus> SyncNowAsync(CancellationToken ct = default);

    Task ResolveConflictAsync(string partNumber, ConflictChoice choice, CancellationToken ct = default);

    SyncStatus Status { get; }

    /// <summary>
    /// Other users' live edit sessions, of one item or (null) of every item the event stream tells
    /// this workstation about: those it follows, has open, or holds a session on.
    /// </summary>
    IReadOnlyList<PresenceEntry> Presence(string? partNumber = null);

    /// <summary>
    /// Other users' sessions on any of the listed items, read from the server now: a search lists
    /// items this workstation does not follow, whose sessions its event stream does not carry.
    /// </summary>
    Task<IReadOnlyList<PresenceEntry>> PresenceOfAsync(IReadOnlyCollection<string> partNumbers, CancellationToken ct = default);

    // Subscriptions of this workstation

    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct = default);

    Task<Subscription> SubscribeAsync(string type, string target, string revisionPolicy, int? pinnedRevision = null, CancellationToken ct = default);

    Task<Subscription> UpdateSubscriptionAsync(string subscriptionId, SubscriptionUpdate update, CancellationToken ct = default);

    Task UnsubscribeAsync(string subscriptionId, CancellationToken ct = default);

    // Items and check-out locks

    /// <summary>
    /// Track Document's question: does the item exist, may this user create it, or why not. Never
    /// throws for a server failure: an unreachable server or a refused token is a refusal in words.
    /// </summary>
    Task<TrackCheck> CheckTrackAsync(string partNumber, DocumentFacts document, CancellationToken ct = default);

    /// <summary>Creates the item Track Document proposed (editors); a server refusal is thrown with the server's reason.</summary>
    Task<ItemSummary> CreateItemAsync(ItemProposal proposal, CancellationToken ct = default);

    Task<IReadOnlyList<ItemSummary>> SearchItemsAsync(string? search, CancellationToken ct = default);

    Task<ItemSummary> LockItemAsync(string partNumber, CancellationToken ct = default);

    Task<ItemSummary> UnlockItemAsync(string partNumber, CancellationToken ct = default);

    // Settings

    SiloModSettings Settings { get; }

    void UpdateSettings(SiloModSettings settings);

    /// <summary>Every signal, for the Activity pane and dialogs.</summary>
    IObservable<SiloModSignal> Signals { get; }

    /// <summary>The current status first, then each change.</summary>
    IObservable<SyncStatus> StatusChanges { get; }
}
