using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>
/// Instances given one key ring folder (<c>--keys-dir</c>) read each other's form tokens, as a
/// browser sent to another instance by a load balancer needs; an instance with a key ring of its
/// own refuses them.
/// </summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "silo-keys-" + Guid.NewGuid().ToString("N"));
    private SiloTestServer _first = null!;
    private SiloTestServer _second = null!;
    private SiloTestServer _stranger = null!;

    public async Task InitializeAsync()
    {
        _first = await SiloTestServer.StartAsync("--keys-dir", _keys);
        _second = await SiloTestServer.StartAsync("--keys-dir", _keys);
        _stranger = await SiloTestServer.StartAsync();
    }

    [Fact]
    public async Task Login_FormFromOneInstancePostedToAnother_SignsIn()
    {
        var jar = new CookieContainer();
        using var onFirst = WebClient.Anonymous(_first, jar);
        var csrf = WebClient.Csrf(await onFirst.PageAsync("/login"));
        // Cookies belong to the host, not the port: the same browser carries the first instance's
        // anti-forgery cookie to the second, as it would behind one address.
        using var onSecond = WebClient.Anonymous(_second, jar);

        using var response = await onSecond.PostAsync("/login", WebClient.Form(("csrf", csrf), ("token", _second.AdminToken)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await onSecond.PageAsync("/items");
    }

    [Fact]
    public async Task Login_FormFromAnInstanceWithAnotherKeyRing_Returns403()
    {
        var jar = new CookieContainer();
        using var onFirst = WebClient.Anonymous(_first, jar);
        var csrf = WebClient.Csrf(await onFirst.PageAsync("/login"));
        using var onStranger = WebClient.Anonymous(_stranger, jar);

        using var response = await onStranger.PostAsync("/login", WebClient.Form(("csrf", csrf), ("token", _stranger.AdminToken)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task KeyRing_WithKeysDir_IsKeptThereAndNotInTheDataDirectory()
    {
        using var onFirst = WebClient.Anonymous(_first);
        await onFirst.PageAsync("/login");

        Assert.NotEmpty(Directory.GetFiles(_keys, "key-*.xml"));
        Assert.False(Directory.Exists(Path.Combine(_first.DataDir, "web-keys")));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _stranger.DisposeAsync();
        if (Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }
}
