using Microsoft.AspNetCore.DataProtection;
using Silo.Server.Hosting;

namespace Silo.Server.Web;

public static class WebServices
{
    public static IServiceCollection AddSiloWeb(this IServiceCollection services, SiloServerOptions options)
    {
        services.AddSingleton<IWebSessionStore, DbWebSessionStore>();
        services.AddSingleton<IMaintenanceTask, WebSessionExpirySweep>();

        // Without this the key ring would live in the home folder of whoever runs the server, and a
        // restart under another account (or in a container) would void every open form.
        var keyRing = Directory.Exists(options.KeyRingDir) || OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(options.KeyRingDir)
            : Directory.CreateDirectory(options.KeyRingDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // A fixed name, not the default (the content root path): a server moved to another folder,
        // or another instance on the same data, must read the same tokens.
        services.AddDataProtection().SetApplicationName("Silo").PersistKeysToFileSystem(keyRing);
        services.AddAntiforgery(o =>
        {
            o.FormFieldName = WebSession.CsrfField;
            o.HeaderName = null;
            o.Cookie.Name = "silo_antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }
}
