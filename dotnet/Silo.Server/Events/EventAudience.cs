namespace Silo.Server.Events;

/// <summary>Who may see an event. Both null: every signed-in user.</summary>
public sealed record EventAudience(string? UserId = null, string? WorkstationId = null)
{
    public static readonly EventAudience Everyone = new();
}
