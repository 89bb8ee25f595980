using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Client.Events;
using Silo.Protocol.Subscriptions;
using Silo.Client.Sync;
using Silo.Client.Workstations;

namespace Silo.Client;

/// <summary>
/// The Silo server's API for a workbench. Refusals surface as <see cref="Errors.SiloApiException"/>
/// subclasses (auth, not found, conflict, validation, hard interference); an unreachable or
/// timed-out server as <see cref="Errors.UnavailableException"/>.
/// </summary>
public interface ISiloClient
{
    // Reachability

    /// <summary>
    /// Whether the server answers now: one <c>GET /health</c>, not retried and not held back by the
    /// circuit breaker. An answer closes an open circuit, so the calls that follow go through at once.
    /// </summary>
    /// <returns>False when the server cannot be reached or answers with an error; only a cancellation throws.</returns>
    Task<bool> ProbeAsync(CancellationToken ct = default);

    // Workstations

    Task<IReadOnlyList<Workstation>> ListWorkstationsAsync(CancellationToken ct = default);

    /// <summary>Registers this machine, or returns its existing registration for the same fingerprint.</summary>
    Task<Workstation> RegisterWorkstationAsync(string name, string fingerprint, CancellationToken ct = default);

    Task DeleteWorkstationAsync(string workstationId, CancellationToken ct = default);

    /// <summary>Renews the lease of every live edit session of the workstation.</summary>
    Task<HeartbeatResult> HeartbeatAsync(string workstationId, CancellationToken ct = default);

    /// <summary>
    /// The live edit sessions on every item whose sessions the workstation's event stream carries
    /// (followed, reported open, or edited there), by item: the snapshot the stream then keeps current.
    /// </summary>
    Task<IReadOnlyList<ItemEditSessions>> GetPresenceAsync(string workstationId, CancellationToken ct = default);

    /// <summary>
    /// Replaces the items the workstation has open (its documents, and items it was refused entry
    /// on). With its subscriptions they decide which edit-session events its stream carries; part
    /// numbers the server does not know are left out.
    /// </summary>
    Task WatchItemsAsync(string workstationId, IReadOnlyCollection<string> partNumbers, CancellationToken ct = default);

    // Edit sessions

    /// <summary>Starts editing <paramref name="objectId"/> of the item.</summary>
    /// <param name="dependencyCone">Objects downstream of the object; null lets the server compute it from the stored DAG.</param>
    /// <exception cref="Errors.HardInterferenceException">Another user edits the same object or has the item checked out.</exception>
    Task<EditSessionResult> AcquireEditSessionAsync(
        string partNumber, string workstationId, string contextLevel, string objectId, IReadOnlyList<string>? dependencyCone = null, CancellationToken ct = default);

    /// <param name="reason">Only for an admin ending another user's session; recorded in the audit log.</param>
    Task ReleaseEditSessionAsync(string partNumber, string sessionId, string? reason = null, CancellationToken ct = default);

    /// <summary>The item's live edit sessions, oldest first.</summary>
    Task<IReadOnlyList<EditSession>> GetEditSessionsAsync(string partNumber, CancellationToken ct = default);

    /// <summary>
    /// The live edit sessions of the listed items that have any (asked 100 at a time). Items nobody
    /// edits and part numbers the server does not know are left out.
    /// </summary>
    Task<IReadOnlyList<ItemEditSessions>> ListEditSessionsAsync(IReadOnlyCollection<string> partNumbers, CancellationToken ct = default);

    /// <summary>Asks the holder of a session to let go; only the holder's workstation is told.</summary>
    Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default);

    // Subscriptions

    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string workstationId, CancellationToken ct = default);

    Task<Subscription> CreateSubscriptionAsync(
        string workstationId, string type, string target, string revisionPolicy = RevisionPolicies.LatestReleased, int? pinnedRevision = null,
        CancellationToken ct = default);

    Task<Subscription> UpdateSubscriptionAsync(string subscriptionId, SubscriptionUpdate update, CancellationToken ct = default);

    Task DeleteSubscriptionAsync(string subscriptionId, CancellationToken ct = default);

    /// <summary>The items this subscription governs, with their targets.</summary>
    Task<IReadOnlyList<ResolvedItem>> ResolveSubscriptionAsync(string subscriptionId, CancellationToken ct = default);

    /// <summary>How many items the workstation's subscriptions cover and hold something, and why the rest have nothing yet.</summary>
    Task<SubscriptionSummary> GetSubscriptionSummaryAsync(string workstationId, CancellationToken ct = default);

    /// <summary>Every item the workstation should hold, with its target.</summary>
    Task<IReadOnlyList<ResolvedItem>> ResolveAllSubscriptionsAsync(string workstationId, CancellationToken ct = default);

    // Sync

    /// <summary>Reports everything the workstation holds; it replaces what the server knew.</summary>
    Task ReportSyncStateAsync(string workstationId, IReadOnlyList<SyncStateItem> items, CancellationToken ct = default);

    /// <summary>The whole diff: every page, following <c>next_cursor</c> to the end.</summary>
    /// <param name="pageSize">Entries per request (1–5000); null for the server's default.</param>
    Task<SyncDiff> GetSyncDiffAsync(string workstationId, int? pageSize = null, CancellationToken ct = default);

    /// <summary>One page of the diff.</summary>
    /// <param name="cursor">A <see cref="SyncDiff.NextCursor"/> from the previous page; null for the first.</param>
    /// <param name="limit">Entries per page (1–5000); null for the server's default.</param>
    Task<SyncDiff> GetSyncDiffPageAsync(string workstationId, string? cursor = null, int? limit = null, CancellationToken ct = default);

    /// <summary>Records that the workstation now holds a revision or checkpoint of an item.</summary>
    Task AckSyncAsync(string workstationId, SyncAck ack, CancellationToken ct = default);

    // Checkpoints

    /// <summary>
    /// Pushes a working state: hashes the file, uploads it unless the server already holds it,
    /// and commits the checkpoint. With <paramref name="sessionId"/> the server releases that edit
    /// session in the same transaction.
    /// </summary>
    /// <param name="context">One of <see cref="CheckpointContexts"/>; only <see cref="CheckpointContexts.NotifyContexts"/> reach subscribers.</param>
    /// <param name="dag">Replaces the item's stored DAG; null leaves it as it is.</param>
    /// <param name="idempotencyKey">Makes a repeated push return the first result; null uses a fresh key.</param>
    /// <param name="fileSha256">The file's SHA-256 when the caller already knows it: the file is then read
    /// once, by the upload, which still verifies the hash while streaming.</param>
    /// <param name="lineage">The version the file was derived from (null base: the item's first push), and whether to overwrite a newer head.</param>
    /// <exception cref="Errors.ConflictException">Code <c>superseded</c>: the session lapsed and another user took the object; nothing is stored.</exception>
    /// <exception cref="Errors.StaleBaseException">The base is not the item's head; nothing is stored.</exception>
    Task<CheckpointResult> PushCheckpointAsync(
        string partNumber, string filePath, string context, string? sessionId = null, Dag? dag = null, string? idempotencyKey = null,
        string? fileSha256 = null, PushLineage? lineage = null, CancellationToken ct = default);

    /// <summary>The item's newest live checkpoint, or null when it has none.</summary>
    Task<Checkpoint?> GetLatestCheckpointAsync(string partNumber, CancellationToken ct = default);

    /// <summary>Live checkpoints, newest first.</summary>
    /// <param name="limit">1–1000; null for the server's default (100).</param>
    Task<IReadOnlyList<Checkpoint>> ListCheckpointsAsync(string partNumber, int? limit = null, CancellationToken ct = default);

    Task DeleteCheckpointAsync(string partNumber, string checkpointId, CancellationToken ct = default);

    // Files

    /// <summary>
    /// Streams a file (a <c>download_url</c> from the sync diff, resolve or a checkpoint) to
    /// <paramref name="destinationPath"/>, creating its folder, and returns its SHA-256. The file
    /// appears only when complete; a failed or mismatching download leaves any previous file as it was.
    /// </summary>
    /// <param name="expectedSha256">The hash the server announced (<c>file_hash</c>); a mismatch throws <see cref="InvalidDataException"/>.</param>
    Task<string> DownloadFileAsync(string downloadUrl, string destinationPath, string? expectedSha256 = null, CancellationToken ct = default);

    // Events

    /// <summary>
    /// The server's event stream (public events, plus those addressed to <paramref name="workstationId"/>),
    /// for as long as the connection lasts: the enumeration ends when the server closes the stream,
    /// and throws <see cref="Errors.UnavailableException"/> when the connection breaks. Resume
    /// with the last <see cref="SiloEvent.Id"/> seen to miss nothing; a
    /// <see cref="EventTypes.SyncRequired"/> event says events were lost and the client must re-sync.
    /// </summary>
    /// <param name="lastEventId">Replay every later event first; null starts at the present.</param>
    IAsyncEnumerable<SiloEvent> StreamEventsAsync(string? workstationId = null, long? lastEventId = null, CancellationToken ct = default);

    /// <summary>
    /// The event stream without end: reconnects after <paramref name="reconnectDelay"/> (default
    /// 2 s, doubling for each consecutive failure up to 30 s) whenever the server is unreachable or the stream ends or breaks, resuming after the
    /// last event yielded so none is lost or repeated. Stops only by <paramref name="ct"/>, or by a
    /// refusal that reconnecting cannot cure (<see cref="Errors.AuthException"/>, ...).
    /// </summary>
    /// <param name="lastEventId">Resume after this id; null starts at the present.</param>
    IAsyncEnumerable<SiloEvent> FollowEventsAsync(
        string? workstationId = null, long? lastEventId = null, TimeSpan? reconnectDelay = null, CancellationToken ct = default);

    /// <summary>
    /// The event stream as an observable: <see cref="FollowEventsAsync"/>'s reconnecting (delays
    /// doubling per failure up to 30 s) and resuming, opened on subscribe and closed on dispose,
    /// with <see cref="SiloEventFeed.ConnectionStates"/> and a typed <see cref="SiloEvent.Payload"/>.
    /// </summary>
    /// <param name="lastEventId">Resume after this id; null starts at the present.</param>
    SiloEventFeed Events(string? workstationId = null, long? lastEventId = null, TimeSpan? reconnectDelay = null);

    // Items, revisions, check-out locks (the CLI's and the workbench's check-out workflow)

    /// <summary>Who the token belongs to; an <see cref="Errors.AuthException"/> when the server does not know it.</summary>
    Task<CurrentUser> GetCurrentUserAsync(CancellationToken ct = default);

    /// <summary>Makes an item (editors).</summary>
    /// <exception cref="Errors.ConflictException">An item with that part number exists.</exception>
    /// <exception cref="Errors.ValidationException">A part number, category, project or description the server refuses.</exception>
    Task<Item> CreateItemAsync(NewItem item, CancellationToken ct = default);

    /// <summary>One item with its active lock and latest revision number.</summary>
    Task<Item> GetItemAsync(string partNumber, CancellationToken ct = default);

    /// <summary>One page of items matching <paramref name="query"/> (all items when null), in part-number order.</summary>
    Task<ItemPage> ListItemsAsync(Items.ItemQuery? query = null, CancellationToken ct = default);

    /// <summary>Checks the item out, or renews the caller's own lock.</summary>
    /// <param name="ttl">How long the lock lasts (at most 30 days); null for the server's default.</param>
    /// <exception cref="Errors.ItemLockedException">Another user holds the lock.</exception>
    Task<ItemLock> LockItemAsync(string partNumber, string? comment = null, TimeSpan? ttl = null, CancellationToken ct = default);

    /// <summary>Releases the lock: the holder's own, or, for an admin with a <paramref name="reason"/>, anyone's (recorded in the audit log).</summary>
    Task UnlockItemAsync(string partNumber, string? reason = null, CancellationToken ct = default);

    /// <summary>The item's active lock, or null when nobody has it checked out.</summary>
    Task<ItemLock?> GetLockAsync(string partNumber, CancellationToken ct = default);

    /// <summary>Every active lock, oldest first.</summary>
    Task<IReadOnlyList<ItemLock>> ListLocksAsync(CancellationToken ct = default);

    /// <summary>Streams a file into the server's store (hashing what is sent) for a following <see cref="CreateRevisionAsync"/>.</summary>
    /// <exception cref="Errors.ItemLockedException">Another user holds the item's lock.</exception>
    Task<UploadedFile> UploadFileAsync(string partNumber, string filePath, CancellationToken ct = default);

    /// <summary>Makes the item's next revision (and its head) from an uploaded file.</summary>
    /// <param name="lineage">The version the file was derived from (null base: the item's first push), and whether to overwrite a newer head.</param>
    /// <exception cref="Errors.ItemLockedException">Another user holds the item's lock.</exception>
    /// <exception cref="Errors.StaleBaseException">The base is not the item's head; nothing is stored.</exception>
    Task<Revision> CreateRevisionAsync(
        string partNumber, string fileHash, string? comment = null, PushLineage? lineage = null, CancellationToken ct = default);

    /// <summary>The item's versions, newest first (the first is the head); <paramref name="fileHash"/> narrows to those with these bytes.</summary>
    /// <param name="limit">1–1000; null for the server's default (100).</param>
    Task<IReadOnlyList<ItemVersion>> ListVersionsAsync(string partNumber, string? fileHash = null, int? limit = null, CancellationToken ct = default);

    /// <summary>Downloads a version's file as <see cref="DownloadFileAsync(string, string, string?, CancellationToken)"/> does, verified against its hash.</summary>
    /// <exception cref="Errors.NotFoundException">A checkpoint that has expired or was deleted.</exception>
    Task<string> DownloadVersionAsync(string partNumber, ItemVersion version, string destinationPath, CancellationToken ct = default);

    /// <summary>Marks a revision released (editors): subscriptions following released revisions now get it.</summary>
    /// <exception cref="Errors.ItemLockedException">Another user holds the item's lock.</exception>
    Task<Revision> ReleaseRevisionAsync(string partNumber, int revision, CancellationToken ct = default);

    /// <summary>Every revision of the item, oldest first.</summary>
    Task<IReadOnlyList<Revision>> ListRevisionsAsync(string partNumber, CancellationToken ct = default);

    /// <summary>
    /// Downloads a revision's file (the latest when <paramref name="revision"/> is null) as
    /// <see cref="DownloadFileAsync(string, string, string?, CancellationToken)"/> does: complete and verified, or not at all.
    /// </summary>
    Task<string> DownloadRevisionAsync(
        string partNumber, string destinationPath, int? revision = null, string? expectedSha256 = null, IProgress<Files.DownloadProgress>? progress = null,
        CancellationToken ct = default);

    /// <summary><see cref="DownloadFileAsync(string, string, string?, CancellationToken)"/>, reporting bytes received to <paramref name="progress"/>.</summary>
    Task<string> DownloadFileAsync(
        string downloadUrl, string destinationPath, string? expectedSha256, IProgress<Files.DownloadProgress>? progress, CancellationToken ct = default);
}
