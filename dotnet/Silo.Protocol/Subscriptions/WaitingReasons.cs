namespace Silo.Protocol.Subscriptions;

/// <summary>Why a covered item has nothing to hold yet (<c>reason</c> of a <see cref="WaitingItem"/>).</summary>
public static class WaitingReasons
{
    /// <summary>Nothing was ever committed or pushed to the item.</summary>
    public const string NoRevision = "no_revision";

    /// <summary><c>latest_released</c> and every revision is a draft.</summary>
    public const string NotReleased = "not_released";

    /// <summary><c>pinned</c> to a revision the item does not have.</summary>
    public const string PinnedRevisionMissing = "pinned_revision_missing";
}
