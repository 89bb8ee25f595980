namespace SiloMod.Core.Signals;

/// <summary>Who edits what in the item changed.</summary>
public sealed record PresenceChanged(string PartNumber) : SiloModSignal
{
    public override string Kind => "presence_changed";
}

/// <summary>Entered a context whose downstream features another user's session shares.</summary>
public sealed record SoftInterference(string PartNumber, string User, string ObjectId, IReadOnlyList<string> SharedNodes) : SiloModSignal
{
    public override string Kind => "soft_interference";
}

/// <summary>Entering was refused: <paramref name="HolderUser"/> edits the object (or has the item checked out).</summary>
/// <param name="HolderSessionId">The session a handoff request names; null for a check-out lock.</param>
/// <param name="HolderLevel">The context level of the holder's session; null for a check-out lock.</param>
public sealed record HardInterferenceBlocked(
    string PartNumber, string HolderUser, string ObjectId, DateTimeOffset Since, string? HolderSessionId, string? HolderWorkstation,
    string? HolderLevel = null) : SiloModSignal
{
    public override string Kind => "hard_interference_blocked";
}

/// <summary>Entered a context without asking the server, which could not be reached.</summary>
public sealed record OfflineEditing(string PartNumber, string ObjectId, string Reason) : SiloModSignal
{
    public override string Kind => "offline_editing";
}

/// <summary>Another user asks for a session this workstation holds.</summary>
public sealed record HandoffRequested(string PartNumber, string Requester, string? Message, string SessionId, string ObjectId) : SiloModSignal
{
    public override string Kind => "handoff_requested";
}

/// <summary>The host should leave the context of <paramref name="ObjectId"/> (Release Now); leaving pushes and releases as usual.</summary>
public sealed record LeaveContextRequested(string PartNumber, string ObjectId, string SessionId) : SiloModSignal
{
    public override string Kind => "leave_context_requested";
}

/// <summary>
/// A live edit session ended (released with or without a checkpoint, lapsed, ended by an admin):
/// cards about it settle — a handoff request for it has nothing left to release, and a block by
/// it is over.
/// </summary>
/// <param name="Reason">The server's reason: <c>released</c>, <c>checkpoint</c>, <c>expired</c>, <c>forced</c>, <c>workstation_deleted</c>; <c>gone</c> when a rebuild found it missing.</param>
public sealed record SessionEnded(string PartNumber, string SessionId, string? User, string? ObjectId, string Reason) : SiloModSignal
{
    public override string Kind => "session_ended";
}

/// <summary>The handoff request reached the server, which tells <paramref name="HolderUser"/>'s workstation.</summary>
public sealed record HandoffSent(string PartNumber, string SessionId, string HolderUser, string? ObjectId) : SiloModSignal
{
    public override string Kind => "handoff_sent";
}
