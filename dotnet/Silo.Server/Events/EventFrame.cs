namespace Silo.Server.Events;

/// <summary>One committed event, rendered for the wire, with the audience that may receive it.</summary>
/// <param name="Recipients">The workstations of an event told to a list of them; null for any other event.</param>
/// <param name="UnattachedToo">A listed event that streams naming no workstation see as well (<see cref="ListedAudience.ItemPresence"/>).</param>
public sealed record EventFrame(long Id, string? AudienceUserId, string? AudienceWorkstationId, IReadOnlySet<string>? Recipients, bool UnattachedToo, byte[] Bytes)
{
    public bool IsFor(EventReader reader) => EventAudience.Admits(AudienceUserId, AudienceWorkstationId, Recipients, UnattachedToo, reader);
}
