using System.Globalization;

namespace SiloMod.Core.Activity;

/// <summary>A moment as the person at the workstation reads it: hours and minutes in their time zone.</summary>
public static class ClockText
{
    /// <summary>"14:05" in <paramref name="zone"/>; "?" for none.</summary>
    public static string Of(DateTimeOffset? at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return at is { } moment ? TimeZoneInfo.ConvertTime(moment, zone).ToString("HH:mm", CultureInfo.InvariantCulture) : "?";
    }
}
