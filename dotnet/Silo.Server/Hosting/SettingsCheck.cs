using System.Collections;

namespace Silo.Server.Hosting;

/// <summary>
/// The configuration system takes any <c>--name value</c> and any <c>SILO_</c> variable and simply
/// never reads the misspelt ones, so <c>--lock-tll 1:00:00</c> used to start with the 24-hour
/// default. Every switch and variable is checked against the documented ones before start-up, and a
/// stranger stops it with the closest real name.
/// </summary>
internal static class SettingsCheck
{
    public const string VariablePrefix = "SILO_";

    /// <summary>
    /// Read by the <c>silo</c> command, not the server; people keep them in their shell profile, so
    /// they must not stop a server started from that shell. SILO_TEST_POSTGRES is read by the test
    /// harness, which runs servers inside its own process.
    /// </summary>
    private static readonly string[] OtherProgramsVariables = ["SILO_CONFIG", "SILO_WORKSPACE", "SILO_TEST_POSTGRES"];

    public static IReadOnlyList<string> Switches => ["--urls", .. SiloServerOptions.SwitchMappings.Keys];

    public static IReadOnlyList<string> Variables => [VariablePrefix + "URLS", .. SiloServerOptions.SwitchMappings.Values.Select(key => VariablePrefix + key)];

    public static void ThrowIfUnknown(IReadOnlyList<string> args, IDictionary environment)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] is not ('-' or '/'))
                throw new SiloSettingsException($"Unexpected argument '{arg}': settings are written as --name value (or --name=value).{Listing()}");
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var known = Switches.FirstOrDefault(s => string.Equals(s, "--" + name.TrimStart('-', '/'), StringComparison.OrdinalIgnoreCase));
            if (known is null || !name.StartsWith("--", StringComparison.Ordinal))
                throw new SiloSettingsException($"Unknown setting '{name}'.{Suggestion(name, Switches, "--")}{Listing()}");
            if (equals >= 0) continue;
            if (i + 1 >= args.Count) throw new SiloSettingsException($"The setting {known} needs a value: {known} <value>.");
            i++;
        }

        foreach (var key in environment.Keys.OfType<string>().Order(StringComparer.Ordinal))
        {
            if (!key.StartsWith(VariablePrefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (Variables.Contains(key, StringComparer.OrdinalIgnoreCase) || OtherProgramsVariables.Contains(key, StringComparer.OrdinalIgnoreCase)) continue;
            throw new SiloSettingsException($"Unknown environment variable {key}.{Suggestion(key, Variables, VariablePrefix)} Unset it, or use one of: {string.Join(", ", Variables)}.");
        }
    }

    private static string Listing() => $" Settings: {string.Join(", ", Switches)}.";

    /// <summary>" Did you mean '--lock-ttl'?" when a real name is a few typing mistakes away.</summary>
    private static string Suggestion(string given, IReadOnlyList<string> names, string prefix)
    {
        var bare = given.TrimStart('-', '/').ToUpperInvariant().Replace('-', '_');
        if (given.StartsWith(VariablePrefix, StringComparison.OrdinalIgnoreCase)) bare = bare[VariablePrefix.Length..];
        var (closest, distance) = names
            .Select(n => (Name: n, Distance: Distance(bare, n[prefix.Length..].ToUpperInvariant().Replace('-', '_'))))
            .MinBy(c => c.Distance);
        return distance <= Math.Max(2, bare.Length / 3) ? $" Did you mean '{closest}'?" : "";
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counted as one mistake (tll for ttl).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
