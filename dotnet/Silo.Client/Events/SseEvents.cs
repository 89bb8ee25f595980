namespace Silo.Client.Events;

/// <summary>Event types of the server's stream (<c>GET /api/events</c>) that the workbench reacts to.</summary>
public static class SseEvents
{
    public const string EditSessionAcquired = "edit.session_acquired";
    public const string EditSessionReleased = "edit.session_released";
    public const string EditInterferenceResolved = "edit.interference_resolved";
    public const string EditHandoffRequested = "edit.handoff_requested";
    public const string EditForceReleased = "edit.force_released";

    public const string SubscriptionRevision = "subscription.revision";
    public const string SubscriptionCheckpoint = "subscription.checkpoint";
    public const string SubscriptionUpdate = "subscription.update";

    /// <summary>The client missed events (resumed from before what the server keeps) and must reconcile.</summary>
    public const string SubscriptionSyncRequired = "subscription.sync_required";
}
