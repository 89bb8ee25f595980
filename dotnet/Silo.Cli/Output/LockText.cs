using System.Globalization;
using Silo.Protocol.Locks;

namespace Silo.Cli.Output;

/// <summary>How locks read in messages: "locked by bob since 14:02".</summary>
internal static class LockText
{
    public static string LockedBy(ItemLock holder) => $"locked by {holder.LockedBy} since {When(holder.LockedAt)}";

    public static string Refusal(string partNumber, ItemLock holder) => $"{partNumber} is {LockedBy(holder)} — ask them to unlock it";

    /// <summary>"alice's checkpoint body_close of 14:02" or "bob's revision 3 of 2026-11-29 09:15".</summary>
    public static string Version(Silo.Protocol.Lineage.ItemVersion version) => $"{version.User}'s {version.What} of {When(version.CreatedAt)}";

    /// <summary>Local time with its zone ("14:02 UTC+01:00"); the date too when it is not today.</summary>
    public static string When(DateTimeOffset at) => When(at, TimeZoneInfo.Local, DateTimeOffset.Now);

    /// <summary><see cref="When(DateTimeOffset)"/> in a given zone at a given moment.</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var format = local.Date == TimeZoneInfo.ConvertTime(now, zone).Date ? "HH:mm" : "yyyy-MM-dd HH:mm";
        return local.ToString(format, CultureInfo.InvariantCulture) + " " + Zone(local.Offset);
    }

    private static string Zone(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
