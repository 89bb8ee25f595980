using Microsoft.Extensions.Options;

namespace Silo.Server.Hosting;

/// <summary>How the server's settings reach the container: bound from configuration, checked, refused whole.</summary>
public static class SiloServerOptionsSetup
{
    /// <summary>
    /// Binds <see cref="SiloServerOptions"/> once; the plain <see cref="SiloServerOptions"/> service is
    /// that same validated instance, so the stores and the endpoints read one source.
    /// </summary>
    public static IServiceCollection AddSiloServerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<SiloServerOptions>, SiloServerOptionsValidator>();
        services.AddOptions<SiloServerOptions>()
            .Bind(configuration)
            // Relative to where the server was started, not to whichever folder is current when a path is used.
            .PostConfigure(o =>
            {
                o.DataDir = string.IsNullOrWhiteSpace(o.DataDir) ? o.DataDir : Path.GetFullPath(o.DataDir);
                o.KeysDir = string.IsNullOrWhiteSpace(o.KeysDir) ? null : Path.GetFullPath(o.KeysDir);
            })
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SiloServerOptions>>().Value);
        return services;
    }

    /// <summary>
    /// Builds the app and reads the validated settings before anything touches the data directory
    /// (Kestrel already reads them while the app is built). A value the server cannot use becomes a
    /// <see cref="SiloSettingsException"/> naming the setting and the value, which Program prints alone.
    /// </summary>
    public static (WebApplication App, SiloServerOptions Options) BuildChecked(WebApplicationBuilder builder)
    {
        WebApplication? app = null;
        try
        {
            app = builder.Build();
            return (app, app.Services.GetRequiredService<SiloServerOptions>());
        }
        catch (OptionsValidationException e)
        {
            (app as IDisposable)?.Dispose();
            throw new SiloSettingsException(string.Join(" ", e.Failures));
        }
        catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType == typeof(ConfigurationBinder))
        {
            (app as IDisposable)?.Dispose();
            // The binder's message names the key and the value; a duration's own adds the forms understood.
            var detail = e.InnerException is FormatException format ? " " + format.Message : "";
            throw new SiloSettingsException(e.Message + detail);
        }
    }
}
