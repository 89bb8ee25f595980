using System.Globalization;
using Silo.Protocol.Subscriptions;

namespace Silo.Cli.Output;

/// <summary>Why a sync downloaded nothing, in the words of what the user can do about it.</summary>
internal static class SyncExplanation
{
    public const string FollowsNothing = "This workstation follows nothing yet: follow an item, project or category with 'silo subscribe item PRT-100'.";

    public static IEnumerable<string> WhyNothing(SubscriptionSummary summary)
    {
        if (summary.Subscriptions == 0)
        {
            yield return FollowsNothing;
            yield break;
        }
        if (summary.Paused == summary.Subscriptions)
        {
            yield return "Every subscription of this workstation is paused.";
            yield break;
        }
        if (summary.CoveredItems == 0)
        {
            yield return "Your subscriptions cover no items yet ('silo subscriptions' lists them).";
            yield break;
        }
        if (summary.ItemsWithTarget > 0)
            yield return string.Create(CultureInfo.InvariantCulture, $"Everything you follow is current ({summary.ItemsWithTarget} item(s)).");
        foreach (var waiting in summary.Waiting) yield return Waiting(waiting);
    }

    private static string Waiting(WaitingItem item) => item.Reason switch
    {
        WaitingReasons.NotReleased => string.Create(CultureInfo.InvariantCulture,
            $"{item.PartNumber}: none of its revisions is released (latest: {item.LatestRevision}) and you follow released revisions only: release it ('silo release {item.PartNumber} {item.LatestRevision}') or follow drafts too ('silo subscribe item {item.PartNumber} --policy latest')."),
        WaitingReasons.PinnedRevisionMissing => string.Create(CultureInfo.InvariantCulture,
            $"{item.PartNumber}: you keep revision {item.PinnedRevision}, which it does not have (its latest is {(item.LatestRevision is { } latest ? latest.ToString(CultureInfo.InvariantCulture) : "none")})."),
        _ => $"{item.PartNumber}: nothing has been committed to it yet.",
    };
}
