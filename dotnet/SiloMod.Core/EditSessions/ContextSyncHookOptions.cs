namespace SiloMod.Core.EditSessions;

public sealed class ContextSyncHookOptions
{
    /// <summary>
    /// This machine's workstation id on the server. Null until registration succeeded (e.g. the
    /// workbench started offline): entries are then allowed offline. May be set later.
    /// </summary>
    public string? WorkstationId { get; set; }

    /// <summary>The user's name, for the default handoff message.</summary>
    public string UserName { get; set; } = "";

    /// <summary>
    /// How long a direct release may take. The host waits on a context change, and a release that
    /// does not get through is harmless (the lease lapses), so it is given up past this.
    /// </summary>
    public TimeSpan ReleaseBudget { get; set; } = TimeSpan.FromSeconds(2);
}
