using System.Reflection;
using System.Runtime.InteropServices;

namespace SiloMod.Bridge;

/// <summary>What <see cref="WorkbenchFacade.Ping"/> answers: the bridge is loaded, and whether a core can start or runs.</summary>
public sealed record BridgeInfo(string RuntimeVersion, string? BridgeVersion, bool CoreAvailable, bool Started)
{
    internal static BridgeInfo Describe(bool coreAvailable, bool started)
    {
        var assembly = typeof(BridgeInfo).Assembly;
        return new BridgeInfo(
            RuntimeInformation.FrameworkDescription,
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString(),
            coreAvailable,
            started);
    }
}
