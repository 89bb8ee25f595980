using Silo.Protocol.Items;
using Silo.Protocol.Revisions;

namespace Silo.Protocol.Events;

/// <summary>The record each event type's <c>data</c> is: what the server writes and what clients read.</summary>
public static class EventPayloads
{
    public static IReadOnlyDictionary<string, Type> ByEventType { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [EventTypes.ItemCreated] = typeof(Item),
        [EventTypes.ItemUpdated] = typeof(Item),
        [EventTypes.ItemLocked] = typeof(ItemLocked),
        [EventTypes.ItemUnlocked] = typeof(ItemUnlocked),
        [EventTypes.RevisionCreated] = typeof(Revision),
        [EventTypes.RevisionReleased] = typeof(Revision),
        [EventTypes.EditSessionAcquired] = typeof(EditSessionAcquired),
        [EventTypes.EditSessionReleased] = typeof(EditSessionReleased),
        [EventTypes.EditHandoffRequested] = typeof(EditHandoffRequested),
        [EventTypes.EditInterferenceResolved] = typeof(EditInterferenceResolved),
        [EventTypes.EditForceReleased] = typeof(EditForceReleased),
        [EventTypes.SubscriptionCheckpoint] = typeof(SubscriptionCheckpoint),
        [EventTypes.SubscriptionRevision] = typeof(SubscriptionRevision),
        [EventTypes.SubscriptionUpdate] = typeof(SubscriptionChanged),
        [EventTypes.SyncRequired] = typeof(SyncRequired),
    };

    /// <returns>Null for a type without a record here (a newer server's).</returns>
    public static Type? For(string eventType) => ByEventType.GetValueOrDefault(eventType);
}
