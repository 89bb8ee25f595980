using Silo.Protocol.Subscriptions;

namespace Silo.Cli.Output;

/// <summary>How subscriptions read in messages.</summary>
internal static class SubscriptionText
{
    public static string Policy(Subscription subscription) => subscription.RevisionPolicy switch
    {
        RevisionPolicies.LatestReleased => "latest released revision",
        RevisionPolicies.Latest => "newest revision or finished checkpoint",
        RevisionPolicies.Pinned => $"revision {subscription.PinnedRevision} only",
        var other => other,
    };
}
