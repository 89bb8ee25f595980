using SiloMod.Core.Host;
using SiloMod.Core.Settings;

namespace SiloMod.Bridge;

/// <summary>
/// Creates the workbench core when the host calls <c>start</c>. A seam so the bridge can be tested
/// with a substitute core, and so the bridge works (answering <c>ping</c>) before a core exists.
/// </summary>
public interface ICoreFactory
{
    Task<StartedCore> StartAsync(StartRequest request, CancellationToken ct);
}

/// <summary>The arguments of <c>start</c>.</summary>
/// <param name="StateDir">Where the core keeps its local state (workstation identity, outbox, sync state).</param>
/// <param name="ProjectsDir">Where synced files are written.</param>
/// <param name="Settings">The user's preferences; null takes the defaults.</param>
public sealed record StartRequest(string ServerUrl, string Token, string StateDir, string ProjectsDir, SiloModSettings? Settings = null);

/// <summary>
/// A running core. <see cref="Core"/> is disposed on <c>stop</c> when it implements
/// <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.
/// </summary>
public sealed record StartedCore(IHostProtocol Core, string WorkstationId, string User);
