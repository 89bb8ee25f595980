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
