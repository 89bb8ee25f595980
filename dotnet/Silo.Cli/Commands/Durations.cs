using System.CommandLine.Parsing;
using System.Globalization;

namespace Silo.Cli.Commands;

/// <summary>Durations as people type them: 90s, 30m, 8h, 2d, or hh:mm:ss.</summary>
internal static class Durations
{
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        if (TryParse(text, out var value) && value > TimeSpan.Zero) return value;
        result.AddError($"'{text}' is not a duration (use e.g. 90s, 30m, 8h, 2d or hh:mm:ss)");
        return null;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length < 2) return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        var unit = char.ToLowerInvariant(text[^1]);
        if (unit is 's' or 'm' or 'h' or 'd' && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            value = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
