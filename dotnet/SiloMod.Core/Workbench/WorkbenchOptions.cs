using Silo.Client.Http;
using SiloMod.Core.Settings;

namespace SiloMod.Core.Workbench;

/// <summary>How the workbench core connects and where it keeps its files.</summary>
/// <param name="StateDirectory">The core's own files: identity, outbox, sync state. Keep one per user and server.</param>
/// <param name="ProjectsDirectory">Where subscribed items' files are written.</param>
public sealed record WorkbenchOptions(Uri ServerUrl, string Token, string StateDirectory, string ProjectsDirectory)
{
    public SiloModSettings Settings { get; init; } = SiloModSettings.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan HeartbeatInterval { get; init; } = Workstations.HeartbeatService.DefaultInterval;

    /// <summary>Delay before the event stream's first reconnection attempt; null for the client's default.</summary>
    public TimeSpan? ReconnectDelay { get; init; }

    /// <summary>Leftovers of a killed run removed at start are reported to the user from this size on; smaller ones go unmentioned.</summary>
    public long LeftoversNoticeBytes { get; init; } = 1024 * 1024;

    /// <summary>Told after each step of a download or a push; for tests that stop the process between steps. Null for none.</summary>
    public Probes.IStepProbe? Steps { get; init; }

    /// <summary>Adjusts the HTTP client (timeouts, retries) beyond the address and token.</summary>
    public Action<SiloClientOptions>? ConfigureClient { get; init; }
}
