namespace Silo.Server.Events;

/// <summary>One committed event, rendered for the wire, with the audience that may receive it.</summary>
public sealed record EventFrame(long Id, string? AudienceUserId, string? AudienceWorkstationId, byte[] Bytes)
{
    public bool IsFor(EventReader reader) => EventAudience.Admits(AudienceUserId, AudienceWorkstationId, reader);
}
