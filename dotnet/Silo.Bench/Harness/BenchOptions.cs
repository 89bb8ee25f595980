using System.Globalization;

namespace Silo.Bench.Harness;

/// <summary>Command-line knobs shared by every scenario.</summary>
internal sealed record BenchOptions(int Rounds = 5, double Seconds = 3, int Clients = 32, int[]? TeamSizes = null, string? Postgres = null)
{
    /// <summary>Warm-up (connections open, pools fill, the JIT settles) lasts at least this long…</summary>
    public TimeSpan WarmUpMinimum => TimeSpan.FromSeconds(6);

    /// <summary>…and at most this long, settled or not.</summary>
    public TimeSpan WarmUpMaximum => TimeSpan.FromSeconds(60);

    public TimeSpan RoundLength => TimeSpan.FromSeconds(Seconds);

    public static bool TryParse(string[] args, out BenchOptions options, out string? error)
    {
        options = new BenchOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--rounds" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds is >= 1 and <= 50:
                    options = options with { Rounds = rounds };
                    i++;
                    break;
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.5 and <= 60:
                    options = options with { Seconds = seconds };
                    i++;
                    break;
                case "--team-sizes" when value is not null && value.Split(',').All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 20 and <= 5000):
                    options = options with { TeamSizes = [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] };
                    i++;
                    break;
                case "--postgres" when !string.IsNullOrWhiteSpace(value):
                    options = options with { Postgres = value };
                    i++;
                    break;
                default:
                    error = $"unknown or invalid option '{args[i]}' (--rounds 1..50, --seconds 0.5..60, --team-sizes 250,1000,2000)";
                    return false;
            }
        }
        return true;
    }
}
