using Silo.Server.Lineage;

namespace Silo.Server.EditSessions;

/// <summary>Context levels of an edit session, as the client spec names them.</summary>
public static class ContextLevels
{
    public const string Sketch = "sketch";
    public const string PartDesign = "partdesign";
    public const string Assembly = "assembly";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Sketch, PartDesign, Assembly };
}

/// <summary>Why an edit session ended (<c>end_reason</c>, and the <c>reason</c> of <c>edit.session_released</c>).</summary>
public static class SessionEndReasons
{
    public const string Released = "released";
    public const string Checkpoint = "checkpoint";
    public const string Expired = "expired";
    public const string Forced = "forced";
    public const string WorkstationDeleted = "workstation_deleted";
}

/// <summary>Body of <c>POST /api/items/{pn}/edit-session</c>; a null cone asks the server to compute it from the item's DAG.</summary>
public sealed record AcquireEditSessionRequest(string? WorkstationId, string? ContextLevel, string? ObjectId, IReadOnlyList<string?>? DependencyCone);

/// <summary>Whether a granted session shares dependencies with other users' sessions.</summary>
public static class InterferenceLevels
{
    public const string None = "none";
    public const string Soft = "soft";
}

/// <summary>Another user's live session whose dependency cone overlaps the requested one.</summary>
public sealed record EditSessionConflict(string SessionId, string User, string ContextLevel, string ObjectId, IReadOnlyList<string> SharedNodes, string Message);

/// <param name="Head">The item's head at the grant, so the workbench can tell whether the open file is behind it; null before the first push.</param>
public sealed record EditSessionGrant(
    string SessionId, string Interference, IReadOnlyList<EditSessionConflict> Conflicts, long FencingToken, DateTimeOffset ExpiresAt, DateTimeOffset AcquiredAt,
    ItemVersion? Head = null);

/// <summary>
/// Who blocks an acquisition (hard interference) or a check-out. For an item check-out lock
/// <c>session_id</c> is null and <c>context_level</c> is "item".
/// </summary>
public sealed record EditSessionHolder(string? SessionId, string User, string? Workstation, string ContextLevel, string ObjectId, DateTimeOffset AcquiredAt);

public sealed record EditSessionView(
    string SessionId, string User, string? Workstation, string ContextLevel, string ObjectId, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);

public sealed record HandoffRequest(string? Message);

public sealed record HandoffRequested(string SessionId, string PartNumber, string Holder);
