using System.Text.Json;
using Silo.Client.Http;

namespace Silo.Client.Events;

/// <summary>The typed data of a <see cref="SiloEvent"/>; one record per event type the workbench reacts to.</summary>
public abstract record SiloEventPayload
{
    private static readonly Dictionary<string, Type> ByEventType = new(StringComparer.Ordinal)
    {
        ["item.locked"] = typeof(ItemLocked),
        ["item.unlocked"] = typeof(ItemUnlocked),
        [SseEvents.EditSessionAcquired] = typeof(EditSessionAcquired),
        [SseEvents.EditSessionReleased] = typeof(EditSessionReleased),
        [SseEvents.EditHandoffRequested] = typeof(EditHandoffRequested),
        [SseEvents.EditInterferenceResolved] = typeof(EditInterferenceResolved),
        [SseEvents.EditForceReleased] = typeof(EditForceReleased),
        [SseEvents.SubscriptionCheckpoint] = typeof(SubscriptionCheckpoint),
        [SseEvents.SubscriptionRevision] = typeof(SubscriptionRevision),
        [SseEvents.SubscriptionUpdate] = typeof(SubscriptionChanged),
        [SseEvents.SubscriptionSyncRequired] = typeof(SyncRequired),
    };

    /// <returns>Null for a type without a record here (a newer server's, or one the workbench ignores).</returns>
    /// <exception cref="JsonException">The data does not fit the type's record.</exception>
    internal static SiloEventPayload? Decode(string type, JsonElement data) =>
        ByEventType.TryGetValue(type, out var record) ? (SiloEventPayload?)data.Deserialize(record, SiloClientJson.Options) : null;
}
