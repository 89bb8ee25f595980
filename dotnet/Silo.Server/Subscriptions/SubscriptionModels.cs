using Silo.Server.Checkpoints;

namespace Silo.Server.Subscriptions;

public sealed record CreateSubscriptionRequest(string? Type, string? Target, string? RevisionPolicy, int? PinnedRevision);

/// <summary>Fields left out (null) keep their value.</summary>
public sealed record UpdateSubscriptionRequest(string? RevisionPolicy, int? PinnedRevision, bool? Paused);

public sealed record SubscriptionView(
    string Id,
    string WorkstationId,
    string Type,
    string Target,
    string RevisionPolicy,
    int? PinnedRevision,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSyncAt);

/// <summary>Data of <c>subscription.update</c>: what happened to which subscription.</summary>
public sealed record SubscriptionChange(string Action, SubscriptionView Subscription);

public static class SubscriptionChangeActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}

/// <summary>
/// One item a workstation should hold, with what it should hold of it (a revision or another
/// user's checkpoint) and where to fetch the bytes.
/// </summary>
public sealed record ResolvedItem(
    string ItemId,
    string PartNumber,
    string Category,
    string Description,
    string SubscriptionId,
    int? TargetRevision,
    bool IsCheckpoint,
    string? CheckpointId,
    string? CheckpointContext,
    string? CheckpointUser,
    string FileHash,
    long FileSize,
    string DownloadUrl);

/// <summary>What a subscription follows.</summary>
public static class SubscriptionTypes
{
    public const string Item = "item";
    public const string Project = "project";
    public const string Category = "category";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Item, Project, Category };

    /// <summary>When several subscriptions of a workstation cover an item, the higher one governs.</summary>
    public static int Specificity(string type) => type switch
    {
        Item => 3,
        Project => 2,
        _ => 1,
    };
}

/// <summary>Which state of an item a subscription delivers.</summary>
public static class RevisionPolicies
{
    /// <summary>The highest released revision; drafts are ignored.</summary>
    public const string LatestReleased = "latest_released";

    /// <summary>The newest of the latest revision (any status) and other users' latest checkpoint.</summary>
    public const string Latest = "latest";

    /// <summary>Exactly <c>pinned_revision</c>.</summary>
    public const string Pinned = "pinned";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { LatestReleased, Latest, Pinned };
}

/// <summary>
/// Checkpoint contexts that subscribers see: the ones that notify them. Intermediate states
/// (sketch_close, autosave) are never announced, so the sync diff does not offer them either.
/// </summary>
public static class SubscriberCheckpointContexts
{
    public static readonly IReadOnlyList<string> All =
        Enum.GetValues<CheckpointContext>().Where(c => c.NotifiesSubscribers()).Select(c => c.ToWire()).ToList();
}
