namespace Silo.Protocol.Subscriptions;

/// <summary>The <c>action</c> of <c>subscription.update</c>.</summary>
public static class SubscriptionChangeActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}
