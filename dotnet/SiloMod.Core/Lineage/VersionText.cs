using System.Globalization;
using Silo.Protocol.Lineage;

namespace SiloMod.Core.Lineage;

/// <summary>How versions are named to the user.</summary>
public static class VersionText
{
    /// <summary>"alice's checkpoint body_close of 14:02", with the date when it is not today (local time).</summary>
    public static string Describe(ItemVersion version, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(time);
        var local = version.CreatedAt.ToOffset(time.LocalTimeZone.GetUtcOffset(version.CreatedAt));
        var today = time.GetUtcNow().ToOffset(local.Offset).Date == local.Date;
        return $"{version.User}'s {version.What} of {local.ToString(today ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
    }
}
