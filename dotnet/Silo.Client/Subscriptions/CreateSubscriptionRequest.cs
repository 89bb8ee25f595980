namespace Silo.Client.Subscriptions;

internal sealed record CreateSubscriptionRequest(string Type, string Target, string RevisionPolicy, int? PinnedRevision);
