using Silo.Client.Errors;
using Silo.Client.Workstations;
using Silo.Client;
using SiloMod.Core.Persistence;
using System.Text.Json;

namespace SiloMod.Core.Workbench;

/// <summary>Who the core works as, and on which registered workstation.</summary>
public sealed record WorkbenchIdentity(string User, string WorkstationId)
{
    private const string FileName = "identity.json";

    /// <summary>The client part of the workbench's workstation ("vm (FreeCAD)").</summary>
    public const string ClientName = "FreeCAD";

    private sealed record Stored(string ServerUrl, string User, string WorkstationId);

    /// <summary>
    /// Asks the server who the token belongs to and registers this machine, remembering both so a
    /// later start without the server can still gate offline and queue checkpoints. A different user
    /// or server than last time gets its own registration; one remembered from before the workbench
    /// had a workstation of its own goes on being used.
    /// </summary>
    /// <exception cref="UnavailableException">The server is unreachable and this state directory never met it.</exception>
    public static async Task<WorkbenchIdentity> ResolveAsync(ISiloClient client, Uri serverUrl, string stateDirectory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(serverUrl);
        var path = Path.Combine(stateDirectory, FileName);
        var stored = Read(path);
        string user;
        try
        {
            user = (await client.GetCurrentUserAsync(ct).ConfigureAwait(false)).Username;
        }
        catch (UnavailableException) when (stored is not null && stored.ServerUrl == serverUrl.ToString())
        {
            return new WorkbenchIdentity(stored.User, stored.WorkstationId);
        }

        if (stored is not null && stored.ServerUrl == serverUrl.ToString() && stored.User == user)
            return new WorkbenchIdentity(user, stored.WorkstationId);

        // A workstation of the workbench's own: what the silo command on the same machine follows is not downloaded here.
        var workstation = await WorkstationIdentity.RegisterAsync(client, serverUrl.ToString(), ClientName, ct).ConfigureAwait(false);
        Write(path, new Stored(serverUrl.ToString(), user, workstation.Id));
        return new WorkbenchIdentity(user, workstation.Id);
    }

    private static Stored? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return StateFiles.ReadJson<Stored>(path);
        }
        catch (JsonException)
        {
            // A damaged cache only costs a registration, which is idempotent per fingerprint.
            return null;
        }
    }

    private static void Write(string path, Stored stored) => StateFiles.WriteJson(path, stored);
}
