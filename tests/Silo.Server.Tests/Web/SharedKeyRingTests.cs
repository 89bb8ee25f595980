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

    /// <summary>Opens the sign-in form on the first instance and posts it, with the target's admin token, to <paramref name="target"/>.</summary>
    private async Task<HttpStatusCode> PostFirstInstancesFormToAsync(SiloTestServer target)
    {
        var jar = new CookieContainer();
        using var onFirst = WebClient.Anonymous(_first, jar);
        var csrf = WebClient.Csrf(await onFirst.PageAsync("/login"));
        // Cookies belong to the host, not the port: the same browser carries the first instance's
        // anti-forgery cookie to the other, as it would behind one address.
        using var onTarget = WebClient.Anonymous(target, jar);
        using var response = await onTarget.PostAsync("/login", WebClient.Form(("csrf", csrf), ("token", target.AdminToken)));
        if (response.StatusCode == HttpStatusCode.Redirect) await onTarget.PageAsync("/items");
        return response.StatusCode;
    }

    [Fact]
    public async Task Login_FormFromOneInstancePostedToAnother_SignsIn() =>
        Assert.Equal(HttpStatusCode.Redirect, await PostFirstInstancesFormToAsync(_second));

    [Fact]
    public async Task Login_FormFromAnInstanceWithAnotherKeyRing_Returns403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await PostFirstInstancesFormToAsync(_stranger));

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
