using System.Net;
using System.Security.Cryptography;
using System.Text;
using Silo.Testing;

namespace Silo.Server.Tests.Users;

public sealed class AdminBootstrapTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string TokenPath => Path.Combine(_server.DataDir, "admin-token");

    [Fact]
    public async Task FirstStart_CreatesAdminWhoseTokenIsInTheFile()
    {
        var token = (await File.ReadAllTextAsync(TokenPath)).Trim();
        using var client = _server.Client(token);

        var me = await HttpAssert.JsonAsync(await client.GetAsync("/api/me"), HttpStatusCode.OK);

        Assert.Equal("admin", me.GetProperty("username").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Fact]
    public void FirstStart_TokenFileIsOwnerReadWriteOnly()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes only; the server and CI run on Linux

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenPath));
        Assert.False(File.Exists(TokenPath + ".tmp"));
    }

    [Fact]
    public async Task FirstStart_DatabaseHoldsOnlyTheHashOfTheAdminToken()
    {
        var token = (await File.ReadAllTextAsync(TokenPath)).Trim();

        var stored = await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT token_hash FROM users WHERE username = 'admin'");

        Assert.NotEqual(token, stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
    }

    [Fact]
    public async Task Restart_KeepsTheOneAdminAndLeavesTheFileAlone()
    {
        var before = await File.ReadAllBytesAsync(TokenPath);
        var writtenAt = File.GetLastWriteTimeUtc(TokenPath);
        var adminId = await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT id FROM users WHERE role = 'admin'");

        await _server.StopAsync();
        await _server.RestartAsync();

        Assert.Equal(before, await File.ReadAllBytesAsync(TokenPath));
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(TokenPath));
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
        Assert.Equal(adminId, await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT id FROM users WHERE role = 'admin'"));
        using var admin = _server.Client(Encoding.UTF8.GetString(before).Trim());
        var me = await HttpAssert.JsonAsync(await admin.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal("admin", me.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Restart_AfterTokenFileDeleted_DoesNotMintANewAdmin()
    {
        // Once users exist the server never hands out admin rights again, even if the file is gone.
        await _server.CreateUserAsync("alice", "editor");
        await _server.StopAsync();
        File.Delete(TokenPath);
        await File.WriteAllTextAsync(TokenPath, "placeholder so the harness can start"); // the harness reads this file on start

        await _server.RestartAsync();

        Assert.Equal("placeholder so the harness can start", await File.ReadAllTextAsync(TokenPath));
        Assert.Equal(2, await TestDatabase.CountAsync(_server.DataDir, "users"));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(_server.DataDir, "SELECT COUNT(*) FROM users WHERE role = 'admin'"));
    }

    [Fact]
    public async Task Restart_UsersAndTheirTokensSurvive()
    {
        var token = await _server.CreateUserAsync("alice", "editor");

        await _server.StopAsync();
        await _server.RestartAsync();

        using var alice = _server.Client(token);
        var me = await HttpAssert.JsonAsync(await alice.GetAsync("/api/me"), HttpStatusCode.OK);
        Assert.Equal("alice", me.GetProperty("username").GetString());
    }
}
