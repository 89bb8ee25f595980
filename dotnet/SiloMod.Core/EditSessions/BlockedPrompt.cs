using SiloMod.Core.Activity;
using static SiloMod.Core.Activity.Words;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// The words of the "Editing Blocked" dialog for a refused entry. A check-out lock has no edit
/// session behind it, so there is nobody to ask for a handoff.
/// </summary>
public sealed record BlockedPrompt(string Text, string Informative, bool CanRequestHandoff)
{
    public static BlockedPrompt For(ShowBlocked blocked, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(blocked);
        var holder = blocked.Holder;
        var user = Or(holder?.User, "Another user");
        var workstation = Or(holder?.Workstation, "another workstation");
        var inSession = !string.IsNullOrEmpty(holder?.SessionId);
        var text = inSession
            ? $"{user} is currently editing {Or(holder?.ObjectId, Or(blocked.ObjectId, blocked.PartNumber))} on {workstation}."
            : $"{user} has {blocked.PartNumber} checked out on {workstation}.";
        var informative = $"Started: {ClockText.Of(holder?.AcquiredAt, zone)}\n\nYou cannot edit this object until they finish.";
        return new BlockedPrompt(text, informative, inSession);
    }
}
