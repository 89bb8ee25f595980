namespace Silo.Protocol.Events;

/// <summary>Names of the events on <c>GET /api/events</c>, as the specs spell them; <see cref="EventPayloads"/> gives each its data's record.</summary>
public static class EventTypes
{
    public const string ItemCreated = "item.created";
    public const string ItemUpdated = "item.updated";
    public const string ItemLocked = "item.locked";
    public const string ItemUnlocked = "item.unlocked";
    public const string RevisionCreated = "revision.created";
    public const string RevisionReleased = "revision.released";

    public const string EditSessionAcquired = "edit.session_acquired";
    public const string EditSessionReleased = "edit.session_released";
    public const string EditInterferenceResolved = "edit.interference_resolved";
    public const string EditHandoffRequested = "edit.handoff_requested";
    public const string EditForceReleased = "edit.force_released";

    public const string SubscriptionRevision = "subscription.revision";
    public const string SubscriptionCheckpoint = "subscription.checkpoint";
    public const string SubscriptionUpdate = "subscription.update";

    /// <summary>Sent instead of a replay when the client resumes from before what the log still holds; the client must reconcile.</summary>
    public const string SyncRequired = "subscription.sync_required";
}
