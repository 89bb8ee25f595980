using Silo.Client.Events;

namespace SiloMod.Core.Events;

/// <summary>What the <see cref="EventDispatcher"/> hands to the inbound sync; each call returns at once, the work runs in the background.</summary>
public interface IInboundSync
{
    /// <summary>Another user's checkpoint of a followed item (the dispatcher already dropped the current user's own).</summary>
    void CheckpointAnnounced(SubscriptionCheckpoint checkpoint);

    void RevisionAnnounced(SubscriptionRevision revision);

    /// <summary>Events were lost: read the whole diff.</summary>
    void DiffRequested(string reason);

    /// <summary>
    /// The workstation's subscriptions changed: read the whole diff, and the presence of what it now
    /// follows (the stream tells of sessions on followed items only from the change on).
    /// </summary>
    void SubscriptionsChanged(string reason);

    void ConnectionChanged(ConnectionState state);

    /// <summary>The stream ended for good (a refusal reconnecting cannot cure).</summary>
    void StreamFailed(Exception failure);
}
