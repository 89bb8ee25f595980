using Microsoft.Extensions.DependencyInjection;
using Silo.Client.Http;
using Silo.Testing;

namespace Silo.Client.Tests.Support;

/// <summary>
/// A real server on loopback with two editors (alice, bob) and a viewer (vic), each with an
/// <see cref="ISiloClient"/> built the way applications build it: <c>AddSiloClient</c> over IHttpClientFactory.
/// </summary>
public abstract class ClientTestBase : IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];

    protected SiloTestServer Server { get; private set; } = null!;

    protected string AliceToken { get; private set; } = "";

    protected string BobToken { get; private set; } = "";

    protected ISiloClient Alice { get; private set; } = null!;

    protected ISiloClient Bob { get; private set; } = null!;

    protected ISiloClient Viewer { get; private set; } = null!;

    protected ISiloClient Admin { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await SiloTestServer.StartAsync();
        AliceToken = await Server.CreateUserAsync("alice", "editor");
        BobToken = await Server.CreateUserAsync("bob", "editor");
        var viewerToken = await Server.CreateUserAsync("vic", "viewer");
        Alice = ClientFor(AliceToken);
        Bob = ClientFor(BobToken);
        Viewer = ClientFor(viewerToken);
        Admin = ClientFor(Server.AdminToken);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <param name="retries">0 by default: tests of one failure want it at once; resilience tests turn retries on.</param>
    /// <param name="time">The clock retry delays wait on.</param>
    /// <param name="configure">Further options (budget, circuit breaker), applied last.</param>
    protected ISiloClient ClientFor(
        string? token, TimeSpan? timeout = null, Uri? baseAddress = null, int retries = 0, TimeProvider? time = null, Action<SiloClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        if (time is not null) services.AddSingleton(time);
        services.AddSiloClient(o =>
        {
            o.BaseAddress = baseAddress ?? Server.BaseAddress;
            o.Token = token;
            o.Timeout = timeout ?? TimeSpan.FromSeconds(30);
            o.MaxRetries = retries;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ISiloClient>();
    }

    protected static string Fingerprint(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
}
