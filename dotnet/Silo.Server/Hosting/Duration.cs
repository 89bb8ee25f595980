using System.ComponentModel;
using System.Globalization;

namespace Silo.Server.Hosting;

/// <summary>
/// A length of time as an operator writes it in a setting: <c>hours:mm[:ss]</c> with any number of
/// hours, else the usual <c>[d.]hh:mm[:ss]</c>. Its own type because TimeSpan alone reads an hour
/// count above 23 as days: "24:00:00", the documented lock TTL, would be 24 days and "48:00" would
/// be refused.
/// </summary>
[TypeConverter(typeof(DurationConverter))]
public readonly record struct Duration(TimeSpan Value)
{
    public static implicit operator TimeSpan(Duration duration) => duration.Value;

    public static Duration Parse(string text) => TryParse(text, out var duration)
        ? duration
        : throw new FormatException($"'{text}' is not a duration: write hours:mm[:ss] (any number of hours, 24:00:00 is a day) or d.hh:mm[:ss].");

    public static bool TryParse(string text, out Duration duration)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length is 2 or 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && hours < (int)TimeSpan.MaxValue.TotalHours)
        {
            // The rest is minutes[:seconds]; parsed behind a zero hour so that 60 minutes or more are refused.
            var ok = TimeSpan.TryParse("0:" + string.Join(':', parts[1..]), CultureInfo.InvariantCulture, out var rest) && rest >= TimeSpan.Zero;
            duration = ok ? new Duration(TimeSpan.FromHours(hours) + rest) : default;
            return ok;
        }
        var parsed = TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value);
        duration = new Duration(value);
        return parsed;
    }

    /// <summary>As settings are written: hours beyond a day stay hours (48:00:00).</summary>
    public override string ToString() => Value < TimeSpan.Zero
        ? Value.ToString("c", CultureInfo.InvariantCulture)
        : $"{(long)Value.TotalHours:00}:{Value:mm\\:ss}";
}
