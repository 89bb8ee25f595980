namespace Silo.Protocol.EditSessions;

/// <summary>Why an edit session ended (<c>end_reason</c>, and the <c>reason</c> of <c>edit.session_released</c>).</summary>
public static class SessionEndReasons
{
    public const string Released = "released";
    public const string Checkpoint = "checkpoint";
    public const string Expired = "expired";
    public const string Forced = "forced";
    public const string WorkstationDeleted = "workstation_deleted";
}
