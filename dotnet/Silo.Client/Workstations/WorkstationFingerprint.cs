using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Client.Workstations;

/// <summary>
/// Identifies one client program on this machine to one Silo instance: stable across restarts,
/// distinct per machine, per instance and per client (the workbench and the silo command follow
/// different things, so each is a workstation of its own).
/// </summary>
public static class WorkstationFingerprint
{
    /// <summary>sha256("{hostname}:{mac}:{instanceUrl}:{client}"), lower-case hex, for this machine and one client program.</summary>
    public static string Generate(string instanceUrl, string client) => Generate(instanceUrl, Environment.MachineName, PrimaryMac(), client);

    /// <summary>The same digest for given parts (what the machine-bound overload hashes).</summary>
    public static string Generate(string instanceUrl, string hostName, string mac, string client)
    {
        ArgumentNullException.ThrowIfNull(instanceUrl);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(mac);
        ArgumentException.ThrowIfNullOrEmpty(client);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{hostName}:{mac}:{instanceUrl}:{client}")));
    }

    /// <summary>"vm (FreeCAD)": the name people see in lists, telling the clients of one machine apart.</summary>
    public static string Name(string client) => $"{Environment.MachineName} ({client})";

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
