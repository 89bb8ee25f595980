using System.Net;
using Silo.Cli.Tests.Support;
using Silo.Testing;

namespace Silo.Cli.Tests.Commands;

/// <summary>silo is a workstation of its own, apart from the workbench on the same machine.</summary>
public sealed class WorkstationTests : CliTestBase
{
    [Fact]
    public async Task Workstation_SharedWithTheWorkbenchBefore_MovesToItsOwnOnceAndLeavesTheSharedOneItsSubscriptions()
    {
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
        // As silo and the workbench used to share it: one workstation named after the host, its id beside the config.
        using var client = Server.Client(Alice.Token);
        var shared = (await HttpAssert.JsonAsync(await client.PostJsonAsync("/api/workstations",
            new { name = Environment.MachineName, fingerprint = new string('a', 64) }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        (await client.PostJsonAsync($"/api/workstations/{shared}/subscriptions", new { type = "item", target = "PRT-1" })).EnsureSuccessStatusCode();
        var sharedIdPath = Path.Combine(Path.GetDirectoryName(Alice.ConfigPath)!, "config.workstation-id");
        await File.WriteAllTextAsync(sharedIdPath, shared);

        var first = await Alice.RunAsync("subscriptions");
        var second = await Alice.RunAsync("subscriptions");

        AssertOk(first);
        Assert.Equal(
            $"silo: warning: silo now has a workstation of its own, '{Environment.MachineName} (silo)', apart from FreeCAD's; what the shared one follows stays with FreeCAD (item PRT-1): follow here what you want with 'silo subscribe'",
            Assert.Single(first.StderrLines));
        Assert.Contains("follows nothing yet", first.Stdout, StringComparison.Ordinal);
        AssertOk(second);
        Assert.Empty(second.StderrLines);
        Assert.False(File.Exists(sharedIdPath));
        var own = (await File.ReadAllTextAsync(Alice.WorkstationIdPath)).Trim();
        Assert.NotEqual(shared, own);
        var workstations = (await GetJsonAsync("/api/workstations", Alice.Token)).EnumerateArray()
            .ToDictionary(w => w.GetProperty("id").GetString()!, w => w.GetProperty("name").GetString());
        Assert.Equal(Environment.MachineName, workstations[shared]);
        Assert.Equal($"{Environment.MachineName} (silo)", workstations[own]);
        Assert.Single((await GetJsonAsync($"/api/workstations/{shared}/subscriptions", Alice.Token)).EnumerateArray());
    }

    [Fact]
    public async Task Login_AnotherServer_ForgetsTheWorkstation()
    {
        await LoginAsync(Alice);
        AssertOk(await Alice.RunAsync("subscriptions"));
        Assert.True(File.Exists(Alice.WorkstationIdPath));
        await using var other = await SiloTestServer.StartAsync();

        var result = await Alice.RunAsync("login", other.BaseAddress.ToString(), "--token", other.AdminToken);

        AssertOk(result);
        Assert.False(File.Exists(Alice.WorkstationIdPath));
    }
}
