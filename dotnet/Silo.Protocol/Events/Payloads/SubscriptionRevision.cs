namespace Silo.Protocol.Events;

/// <summary><c>subscription.revision</c>: a followed item has a new (or newly released) revision.</summary>
public sealed record SubscriptionRevision(string PartNumber, string ItemId, int Revision, string Status, string FileHash, long? Version = null) : SiloEventPayload;
