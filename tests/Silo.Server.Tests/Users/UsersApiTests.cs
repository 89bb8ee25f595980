using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Users;

public sealed class UsersApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> MeAsync(string token)
    {
        using var client = _server.Client(token);
        return await HttpAssert.JsonAsync(await client.GetAsync("/api/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Create_ByAdmin_Returns201WithATokenThatWorks()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/users", new { username = "alice", role = "editor" });

        var user = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/users/alice", response.Headers.Location?.OriginalString);
        Assert.Equal("alice", user.GetProperty("username").GetString());
        Assert.Equal("editor", user.GetProperty("role").GetString());
        var token = user.GetProperty("token").GetString()!;
        Assert.StartsWith("silo_", token);
        var me = await MeAsync(token);
        Assert.Equal("alice", me.GetProperty("username").GetString());
        Assert.Equal("editor", me.GetProperty("role").GetString());
        Assert.Equal(user.GetProperty("id").GetString(), me.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_StoresOnlyTheLowercaseHexSha256OfTheToken()
    {
        var token = await _server.CreateUserAsync("alice", "viewer");

        var stored = await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT token_hash FROM users WHERE username = 'alice'");

        Assert.NotEqual(token, stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
        Assert.Matches("^[0-9a-f]{64}$", stored);
        // The clear token appears in no column of any user row.
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>(_server.DataDir,
            "SELECT COUNT(*) FROM users WHERE id = $t OR username = $t OR role = $t OR token_hash = $t", ("$t", token)));
    }

    [Fact]
    public async Task Create_TwoUsers_GetDifferentTokens()
    {
        var a = await _server.CreateUserAsync("alice", "viewer");
        var b = await _server.CreateUserAsync("bob", "viewer");

        Assert.NotEqual(a, b);
        Assert.Equal("bob", (await MeAsync(b)).GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("Alice")]
    public async Task Create_DuplicateUsername_Returns409(string duplicate)
    {
        await _server.CreateUserAsync("alice", "viewer");
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/users", new { username = duplicate, role = "editor" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(2, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Fact]
    public async Task Create_AdminUsernameTaken_Returns409()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/users", new { username = "admin", role = "admin" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("Admin")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Create_BadRole_Returns422(string? role)
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/users", new { username = "alice", role });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../root")]
    [InlineData("al ice")]
    [InlineData("nul")]
    public async Task Create_BadUsername_Returns422(string username)
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/users", new { username, role = "viewer" });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("viewer")]
    public async Task Create_ByNonAdmin_Returns403(string role)
    {
        using var client = _server.Client(await _server.CreateUserAsync("someone", role));

        using var response = await client.PostJsonAsync("/api/users", new { username = "mallory", role = "admin" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(2, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401()
    {
        using var anonymous = _server.Client();

        using var response = await anonymous.PostJsonAsync("/api/users", new { username = "mallory", role = "admin" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Fact]
    public async Task List_ShowsUsersWithoutTokensOrHashes()
    {
        await _server.CreateUserAsync("bob", "viewer");
        await _server.CreateUserAsync("alice", "editor");
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/users");

        var users = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(["admin", "alice", "bob"], users.Select(u => u.GetProperty("username").GetString()));
        Assert.Equal(["admin", "editor", "viewer"], users.Select(u => u.GetProperty("role").GetString()));
        Assert.All(users, u => Assert.False(u.TryGetProperty("token", out _)));
        Assert.All(users, u => Assert.False(u.TryGetProperty("token_hash", out _)));
    }

    [Fact]
    public async Task List_ByEditor_Returns403()
    {
        using var editor = _server.Client(await _server.CreateUserAsync("erin", "editor"));

        await HttpAssert.ProblemAsync(await editor.GetAsync("/api/users"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RotateToken_OldTokenStopsWorkingNewOneWorks()
    {
        var old = await _server.CreateUserAsync("alice", "editor");
        using var admin = _server.AdminClient();

        using var response = await admin.PostAsync("/api/users/alice/token", null);

        var rotated = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        var fresh = rotated.GetProperty("token").GetString()!;
        Assert.NotEqual(old, fresh);
        Assert.Equal("alice", rotated.GetProperty("username").GetString());
        Assert.Equal("alice", (await MeAsync(fresh)).GetProperty("username").GetString());
        using var stale = _server.Client(old);
        await HttpAssert.ProblemAsync(await stale.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fresh))),
            await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT token_hash FROM users WHERE username = 'alice'"));
    }

    [Fact]
    public async Task RotateToken_OldTokenInUseJustBefore_StopsWorkingAtOnce()
    {
        var old = await _server.CreateUserAsync("alice", "editor");
        using var stale = _server.Client(old);
        Assert.Equal("alice", (await MeAsync(old)).GetProperty("username").GetString());
        using var admin = _server.AdminClient();

        await HttpAssert.JsonAsync(await admin.PostAsync("/api/users/alice/token", null), HttpStatusCode.OK);

        await HttpAssert.ProblemAsync(await stale.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RotateToken_KeepsIdentityAndRole()
    {
        await _server.CreateUserAsync("alice", "editor");
        using var admin = _server.AdminClient();
        var id = await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT id FROM users WHERE username = 'alice'");

        var rotated = await HttpAssert.JsonAsync(await admin.PostAsync("/api/users/alice/token", null), HttpStatusCode.OK);

        var me = await MeAsync(rotated.GetProperty("token").GetString()!);
        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal("editor", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task RotateToken_UnknownUser_Returns404()
    {
        using var admin = _server.AdminClient();

        await HttpAssert.ProblemAsync(await admin.PostAsync("/api/users/nobody/token", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RotateToken_ByNonAdmin_Returns403AndTokenKeepsWorking()
    {
        var token = await _server.CreateUserAsync("alice", "editor");
        using var alice = _server.Client(token);

        await HttpAssert.ProblemAsync(await alice.PostAsync("/api/users/alice/token", null), HttpStatusCode.Forbidden);

        Assert.Equal("alice", (await MeAsync(token)).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Me_WithoutToken_Returns401ProblemAskingForBearer()
    {
        using var anonymous = _server.Client();

        using var response = await anonymous.GetAsync("/api/me");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Bearer silo_forged")]
    public async Task Me_BadAuthorizationHeader_Returns401(string header)
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await client.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
