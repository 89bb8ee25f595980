using Microsoft.Extensions.DependencyInjection;

namespace Silo.Client.Http;

/// <summary>
/// A client for a program without its own dependency injection (the CLI, the workbench core):
/// <see cref="SiloClientServiceCollectionExtensions.AddSiloClient"/> in a private container that
/// lives as long as the client.
/// </summary>
public sealed class StandaloneSiloClient : IDisposable
{
    private readonly ServiceProvider _provider;

    private StandaloneSiloClient(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<ISiloClient>();
    }

    public ISiloClient Client { get; }

    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static StandaloneSiloClient Create(Action<SiloClientOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSiloClient(configure);
        var provider = services.BuildServiceProvider();
        try
        {
            return new StandaloneSiloClient(provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public void Dispose() => _provider.Dispose();
}
