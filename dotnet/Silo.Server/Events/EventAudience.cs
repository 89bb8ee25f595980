namespace Silo.Server.Events;

/// <summary>Who may see an event. Both null: every signed-in user.</summary>
public sealed record EventAudience(string? UserId = null, string? WorkstationId = null)
{
    public static readonly EventAudience Everyone = new();

    /// <summary>The one rule, for the log's SQL filter and the in-memory dispatch alike.</summary>
    public static bool Admits(string? audienceUserId, string? audienceWorkstationId, EventReader reader) =>
        (audienceUserId is null || audienceUserId == reader.UserId)
        && (audienceWorkstationId is null || audienceWorkstationId == reader.WorkstationId);
}
