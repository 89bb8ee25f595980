using Silo.Server.Auth;

namespace Silo.Server.Web;

/// <summary>
/// Browser sessions, kept on the server so the cookie carries only a random id, never the user's API
/// token. An interface so that server instances sharing one database share sessions too: a browser
/// may reach any of them.
/// </summary>
public interface IWebSessionStore
{
    /// <param name="tokenHash">The hash of the token the user signed in with; rotating it ends the session.</param>
    /// <returns>The session's secret (it goes into the cookie and nowhere else) and when it ends unless extended.</returns>
    Task<WebSessionTicket> StartAsync(SiloUser user, string tokenHash, CancellationToken cancellationToken);

    /// <returns>The session's user, or null when the secret is unknown, the session has expired or the user's token has changed.</returns>
    Task<ActiveWebSession?> FindAsync(string secret, CancellationToken cancellationToken);

    /// <returns>The session's new end, one lifetime from now.</returns>
    Task<DateTimeOffset> ExtendAsync(string secret, CancellationToken cancellationToken);

    Task EndAsync(string secret, CancellationToken cancellationToken);

    /// <returns>How many expired sessions were removed.</returns>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken);
}

public sealed record WebSessionTicket(string Secret, DateTimeOffset ExpiresAt);

public sealed record ActiveWebSession(SiloUser User, DateTimeOffset ExpiresAt);
