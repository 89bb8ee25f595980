using Silo.Server.Items;
using Silo.Server.Problems;

namespace Silo.Server.Subscriptions;

/// <summary>The request rules shared by create and update; they only look at the values, not the database.</summary>
internal static class SubscriptionRules
{
    public static string? CheckType(string? type) =>
        type is not null && SubscriptionTypes.All.Contains(type) ? null : $"type must be one of {string.Join(", ", SubscriptionTypes.All)}.";

    public static string? CheckPolicy(string? policy) =>
        policy is not null && RevisionPolicies.All.Contains(policy) ? null : $"revision_policy must be one of {string.Join(", ", RevisionPolicies.All)}.";

    /// <summary>Targets become folder names on disk, so they obey the same rules as the names they match.</summary>
    public static string? CheckTarget(string? type, string? target) =>
        type == SubscriptionTypes.Item ? NameRules.CheckPartNumber(target) : NameRules.CheckSegment("target", target);

    /// <summary>A pinned subscription names its revision; any other policy must not.</summary>
    public static Validator CheckPinned(this Validator v, string? policy, int? pinnedRevision) =>
        policy == RevisionPolicies.Pinned
            ? v.Check(pinnedRevision is >= 1, "pinned_revision", "pinned_revision (1 or more) is required with revision_policy pinned.")
            : v.Check(pinnedRevision is null, "pinned_revision", $"pinned_revision is only allowed with revision_policy pinned, not {policy}.");
}
