namespace SiloMod.CoreHost;

/// <summary>What the host is told through its environment.</summary>
/// <param name="StopAt">A step of <see cref="SiloMod.Core.Probes.CoreSteps"/>: the first time the core completes it, the host says so and freezes, to be killed.</param>
/// <param name="ReconnectDelay">The event stream's first reconnect delay; null for the client's default.</param>
internal sealed record HostSettings(Uri Server, string Token, string StateDirectory, string ProjectsDirectory, string? StopAt, TimeSpan? ReconnectDelay)
{
    public const string Prefix = "SILOMOD_HOST_";

    public static HostSettings FromEnvironment()
    {
        static string Required(string name) =>
            Environment.GetEnvironmentVariable(Prefix + name) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{Prefix}{name} is not set.");

        var reconnect = Environment.GetEnvironmentVariable(Prefix + "RECONNECT_MS");
        return new HostSettings(
            new Uri(Required("SERVER")), Required("TOKEN"), Required("STATE"), Required("PROJECTS"),
            Environment.GetEnvironmentVariable(Prefix + "STOP_AT") is { Length: > 0 } stop ? stop : null,
            reconnect is { Length: > 0 } ms ? TimeSpan.FromMilliseconds(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture)) : null);
    }
}
