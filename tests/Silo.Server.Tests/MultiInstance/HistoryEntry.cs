namespace Silo.Server.Tests.MultiInstance;

/// <summary>What a recorded request was.</summary>
public enum OperationKind
{
    LockAcquire,
    LockRelease,
    SessionAcquire,
    SessionRelease,
    Heartbeat,
    HeadRead,
    Upload,
    Checkpoint,
}

/// <summary>
/// What the client learnt: <see cref="Granted"/> a 2xx, <see cref="Refused"/> a 4xx (409 for a
/// holder or a stale base), <see cref="Failed"/> no answer or a 5xx — the request may or may not
/// have taken effect, so the checker never counts on it either way.
/// </summary>
public enum Outcome
{
    Granted,
    Refused,
    Failed,
}

/// <summary>
/// One request of the history: who sent it to which instance, when it was sent and when its answer
/// arrived (the server acted somewhere in between), and what the answer said. Times are the
/// machine's UTC clock, the one the server's lease expiries are written in.
/// </summary>
public sealed record HistoryEntry(
    int Client, string User, int Instance, OperationKind Kind, string Item,
    DateTimeOffset Invoked, DateTimeOffset Completed, Outcome Outcome, int Status)
{
    /// <summary>The edited object of a session acquire.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The session granted, released, or named by a checkpoint.</summary>
    public string? SessionId { get; init; }

    public string? LockId { get; init; }

    public long? FencingToken { get; init; }

    /// <summary>The lease end the server answered (grant, renewal, heartbeat), on its clock.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>A lock acquire answered 201: a new lock, not the renewal of the caller's own.</summary>
    public bool NewGrant { get; init; }

    public string? Workstation { get; init; }

    /// <summary>Sessions a heartbeat renewed.</summary>
    public int? Renewed { get; init; }

    /// <summary>The lineage version an accepted checkpoint became.</summary>
    public long? Version { get; init; }

    /// <summary>The checkpoint an accepted push created, for reading it back.</summary>
    public string? CheckpointId { get; init; }

    public string? FileHash { get; init; }

    /// <summary>The <c>base</c> a checkpoint was pushed on; null for none.</summary>
    public string? BaseHash { get; init; }
}
