using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Users;

/// <summary>
/// On the first start with an empty data directory there is nobody to create users, so the server
/// makes an <c>admin</c> and hands its token over once: on the console and in an owner-only file.
/// </summary>
public static class AdminBootstrap
{
    public static async Task EnsureAdminAsync(IDatabase db, UserStore users, SiloServerOptions options, ILogger log, CancellationToken ct)
    {
        var token = await db.WriteAsync(async s =>
        {
            if (await users.CountAsync(s, ct) > 0) return null;
            var (_, token) = await users.CreateAsync(s, "admin", Role.Admin, ct);
            return token;
        }, ct);
        if (token is null) return;

        var path = options.AdminTokenPath;
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(temp, fileOptions))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(token);
        }
        File.Move(temp, path, overwrite: true);

        log.LogWarning("Created the initial 'admin' user. Its token (shown only now, also saved to {Path}): {Token}", path, token);
    }
}
