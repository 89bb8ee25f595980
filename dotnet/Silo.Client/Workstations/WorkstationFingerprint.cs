using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Client.Workstations;

/// <summary>Identifies this machine to one Silo instance: stable across restarts, distinct per machine and per instance.</summary>
public static class WorkstationFingerprint
{
    /// <summary>sha256("{hostname}:{mac}:{instanceUrl}"), lower-case hex, for this machine.</summary>
    public static string Generate(string instanceUrl) => Generate(instanceUrl, Environment.MachineName, PrimaryMac());

    /// <summary>The same digest for given parts (what the machine-bound overload hashes).</summary>
    public static string Generate(string instanceUrl, string hostName, string mac)
    {
        ArgumentNullException.ThrowIfNull(instanceUrl);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(mac);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{hostName}:{mac}:{instanceUrl}")));
    }

    /// <summary>
    /// The MAC of the first physical interface by name, as 12 lower-case hex digits; all zeros when
    /// there is none. Ordered by name so the choice does not depend on enumeration order or on
    /// which interface happens to be up.
    /// </summary>
    public static string PrimaryMac()
    {
        try
        {
            var mac = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.NetworkInterfaceType is not NetworkInterfaceType.Loopback and not NetworkInterfaceType.Tunnel)
                .OrderBy(n => n.Name, StringComparer.Ordinal)
                .Select(n => n.GetPhysicalAddress().GetAddressBytes())
                .FirstOrDefault(bytes => bytes.Length == 6 && bytes.Any(b => b != 0));
            return mac is null ? "000000000000" : Convert.ToHexStringLower(mac);
        }
        catch (NetworkInformationException)
        {
            return "000000000000";
        }
    }
}
