using SiloMod.Core.Settings;
using SiloMod.Core.Workbench;

namespace SiloMod.Bridge;

/// <summary>Starts the real core: <see cref="WorkbenchCore"/> connected with the user's token.</summary>
public sealed class WorkbenchCoreFactory : ICoreFactory
{
    public async Task<StartedCore> StartAsync(StartRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Uri.TryCreate(request.ServerUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new BridgeException(BridgeException.Types.InvalidArguments, $"The server URL '{request.ServerUrl}' is not an http(s) address.");
        var core = await WorkbenchCore.StartAsync(
            new WorkbenchOptions(url, request.Token, request.StateDir, request.ProjectsDir) { Settings = request.Settings ?? SiloModSettings.Default },
            ct).ConfigureAwait(false);
        return new StartedCore(core, core.Identity.WorkstationId, core.Identity.User);
    }
}
