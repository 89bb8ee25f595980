using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Client.Http;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Http;

public sealed class AddSiloClientTests : ClientTestBase
{
    [Fact]
    public void AddSiloClient_WithoutBaseAddress_RefusesToResolve()
    {
        var services = new ServiceCollection();
        services.AddSiloClient(o => o.Token = "t");
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISiloClient>());

        Assert.Contains("BaseAddress", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSiloClient_CircuitBreakerOutOfPollyLimits_RefusesToResolve()
    {
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = new Uri("http://127.0.0.1:9/");
            o.CircuitBreakerMinimumThroughput = 1;
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ISiloClient>());

        Assert.Contains("CircuitBreakerMinimumThroughput", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSiloClient_WithToken_SendsItAsBearer()
    {
        var ws = await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));

        // Bob's client sees only Bob's workstations: the token, not the process, decides who calls.
        Assert.Empty(await Bob.ListWorkstationsAsync());
        Assert.Equal([ws.Id], (await Alice.ListWorkstationsAsync()).Select(w => w.Id));
    }

    [Fact]
    public async Task AddSiloClient_BaseAddressWithoutTrailingSlash_StillReachesApi()
    {
        var bare = new Uri(Server.BaseAddress.AbsoluteUri.TrimEnd('/'));
        var client = ClientFor(AliceToken, baseAddress: bare);

        Assert.Empty(await client.ListWorkstationsAsync());
    }
}
