using System.Text.Json;
using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class LoginCommandTests : CliTestBase
{
    [Fact]
    public async Task Login_ValidToken_SavesConfigReadableByOwnerOnly()
    {
        var result = await Alice.RunAsync("login", ServerUrl, "--token", Alice.Token);

        AssertOk(result);
        Assert.Contains("as alice (editor)", result.Stdout, StringComparison.Ordinal);
        var config = JsonDocument.Parse(await File.ReadAllTextAsync(Alice.ConfigPath)).RootElement;
        Assert.Equal(Alice.Token, config.GetProperty("token").GetString());
        Assert.Equal(ServerUrl, config.GetProperty("server").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Alice.ConfigPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(Alice.ConfigPath)!));
        Assert.Equal([Alice.ConfigPath], Directory.GetFiles(Path.GetDirectoryName(Alice.ConfigPath)!));
    }

    [Fact]
    public async Task Login_TokenOnStandardInput_SavesIt()
    {
        var result = await Alice.RunWithInputAsync(Alice.Token, "login", ServerUrl);

        AssertOk(result);
        Assert.Contains(Alice.Token, await File.ReadAllTextAsync(Alice.ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownToken_RefusedAndNothingSaved()
    {
        var result = await Alice.RunAsync("login", ServerUrl, "--token", "not-a-token");

        AssertFailure(result, 4, "token");
        Assert.False(File.Exists(Alice.ConfigPath));
    }

    [Fact]
    public async Task Login_ServerDown_ExitsUnreachable()
    {
        var url = ServerUrl;
        await Server.StopAsync();

        var result = await Alice.RunAsync("login", url, "--token", Alice.Token);

        AssertFailure(result, 8, "could not be reached");
        Assert.False(File.Exists(Alice.ConfigPath));
    }

    [Fact]
    public async Task Login_NotAUrl_ExitsUsage()
    {
        var result = await Alice.RunAsync("login", "silo.example", "--token", Alice.Token);

        AssertFailure(result, 2, "silo.example");
    }

    [Fact]
    public async Task AnyCommand_NotLoggedIn_ExitsNotLoggedIn()
    {
        var result = await Alice.RunAsync("locks");

        AssertFailure(result, 3, "not logged in");
    }

    [Fact]
    public async Task AnyCommand_TokenRevoked_ExitsAuthRefused()
    {
        await LoginAsync(Alice);
        using var admin = Server.AdminClient();
        (await admin.PostAsync("/api/users/alice/token", null)).EnsureSuccessStatusCode();

        var result = await Alice.RunAsync("locks");

        AssertFailure(result, 4, "silo login");
    }
}
