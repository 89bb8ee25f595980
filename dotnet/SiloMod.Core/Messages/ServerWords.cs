using Silo.Client.Errors;

namespace SiloMod.Core.Messages;

/// <summary>
/// Failures worded for the person at the workstation: they speak of the server, the file and the
/// person, never of the request line or the resilience machinery ("the circuit is open" is Polly's
/// state, not something a user can act on).
/// </summary>
public static class ServerWords
{
    /// <summary>"The Silo server at host:port" or "The Silo server" when the address is unknown.</summary>
    public static string Server(Exception e) =>
        e is UnavailableException { Server: { } server } ? $"The Silo server at {server.Authority}" : "The Silo server";

    /// <summary>One sentence for the failure: an unreachable server in plain words, any other failure by its own message.</summary>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e is UnavailableException ? $"{Server(e)} is not answering." : e.Message;
    }

    /// <summary>The server is away and <paramref name="what"/> waits: "The Silo server at … is not answering; your checkpoint of PRT-1 is kept and will be sent when it is back."</summary>
    public static string KeptUntilBack(Exception e, string what)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e is UnavailableException
            ? $"{Server(e)} is not answering; {what} is kept and will be sent when it is back."
            : e.Message;
    }
}
