using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Silo.Server.Hosting;

namespace Silo.Server.Web;

public static class WebServices
{
    public static IServiceCollection AddSiloWeb(this IServiceCollection services)
    {
        services.AddSingleton<IWebSessionStore, DbWebSessionStore>();
        services.AddSingleton<IMaintenanceTask, WebSessionExpirySweep>();

        // Without this the key ring would live in the home folder of whoever runs the server, and a
        // restart under another account (or in a container) would void every open form.
        // A fixed name, not the default (the content root path): a server moved to another folder,
        // or another instance on the same data, must read the same tokens.
        services.AddDataProtection().SetApplicationName("Silo");
        // What PersistKeysToFileSystem does, but with the folder taken from the validated settings
        // in the container rather than before it exists.
        services.AddOptions<KeyManagementOptions>().Configure<SiloServerOptions, ILoggerFactory>((keys, options, logging) =>
            keys.XmlRepository = new FileSystemXmlRepository(KeyRing(options.KeyRingDir), logging));
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

    private static DirectoryInfo KeyRing(string path) => Directory.Exists(path) || OperatingSystem.IsWindows()
        ? Directory.CreateDirectory(path)
        : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
