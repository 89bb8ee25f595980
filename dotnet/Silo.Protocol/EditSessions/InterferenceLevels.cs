namespace Silo.Protocol.EditSessions;

/// <summary>
/// How a granted edit session touches other users' sessions. Hard interference is no level: it
/// is refused and surfaces as <see cref="Errors.HardInterferenceException"/>.
/// </summary>
public static class InterferenceLevels
{
    public const string None = "none";

    /// <summary>Dependency cones overlap: entry is allowed with a warning.</summary>
    public const string Soft = "soft";
}
