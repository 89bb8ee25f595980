namespace Silo.Protocol.EditSessions;

/// <summary>A granted edit session.</summary>
/// <param name="Interference"><see cref="InterferenceLevels.None"/> or <see cref="InterferenceLevels.Soft"/>.</param>
/// <param name="Conflicts">One entry per overlapping session of another user; empty when none.</param>
/// <param name="FencingToken">Grows with every grant on the item, so a stale holder can be told apart from a newer one.</param>
/// <param name="ExpiresAt">When the lease lapses unless a workstation heartbeat renews it.</param>
/// <param name="Head">The item's head at the grant: the workbench compares it with what the open file was derived from.</param>
public sealed record EditSessionResult(
    string SessionId,
    string Interference,
    IReadOnlyList<EditSessionConflict> Conflicts,
    long FencingToken,
    DateTimeOffset ExpiresAt,
    DateTimeOffset AcquiredAt,
    Lineage.ItemVersion? Head = null);
