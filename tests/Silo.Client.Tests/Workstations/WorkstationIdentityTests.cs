using Silo.Client.Tests.Support;
using Silo.Client.Workstations;

namespace Silo.Client.Tests.Workstations;

public sealed class WorkstationIdentityTests : ClientTestBase
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "silo-ws-" + Guid.NewGuid().ToString("N"), "workstation-id");

    public override async Task DisposeAsync()
    {
        var dir = Path.GetDirectoryName(_file)!;
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        await base.DisposeAsync();
    }

    [Fact]
    public void Generate_SameInputs_IsStableSha256Hex()
    {
        var a = WorkstationFingerprint.Generate("https://silo.example.com", "bench-1", "0242ac110002", "silo");
        var b = WorkstationFingerprint.Generate("https://silo.example.com", "bench-1", "0242ac110002", "silo");

        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.Equal(WorkstationFingerprint.Generate("https://silo.example.com", "silo"), WorkstationFingerprint.Generate("https://silo.example.com", "silo"));
    }

    [Theory]
    [InlineData("https://other.example.com", "bench-1", "0242ac110002", "silo")]
    [InlineData("https://silo.example.com", "bench-2", "0242ac110002", "silo")]
    [InlineData("https://silo.example.com", "bench-1", "0242ac110003", "silo")]
    [InlineData("https://silo.example.com", "bench-1", "0242ac110002", "FreeCAD")]
    public void Generate_AnyPartDiffers_GivesAnotherFingerprint(string url, string host, string mac, string client)
    {
        Assert.NotEqual(WorkstationFingerprint.Generate("https://silo.example.com", "bench-1", "0242ac110002", "silo"),
            WorkstationFingerprint.Generate(url, host, mac, client));
    }

    [Fact]
    public async Task GetOrRegisterAsync_FirstCall_RegistersAndStoresId()
    {
        var store = new FileWorkstationIdStore(_file);

        var id = await WorkstationIdentity.GetOrRegisterAsync(Alice, store, Server.BaseAddress.AbsoluteUri, "silo");

        Assert.Equal(id, await store.GetAsync());
        var ws = Assert.Single(await Alice.ListWorkstationsAsync());
        Assert.Equal(id, ws.Id);
        Assert.Equal($"{Environment.MachineName} (silo)", ws.Name);
    }

    [Fact]
    public async Task GetOrRegisterAsync_TwoClientsOnOneMachine_AreTwoWorkstations()
    {
        var silo = await WorkstationIdentity.GetOrRegisterAsync(Alice, new FileWorkstationIdStore(_file), Server.BaseAddress.AbsoluteUri, "silo");
        var freecad = await WorkstationIdentity.GetOrRegisterAsync(Alice, new FileWorkstationIdStore(_file + "-fc"), Server.BaseAddress.AbsoluteUri, "FreeCAD");

        Assert.NotEqual(silo, freecad);
        Assert.Equal(
            new[] { $"{Environment.MachineName} (FreeCAD)", $"{Environment.MachineName} (silo)" },
            (await Alice.ListWorkstationsAsync()).Select(w => w.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetOrRegisterAsync_Cached_ReturnsStoredIdWithoutCallingServer()
    {
        var store = new FileWorkstationIdStore(_file);
        await store.SetAsync("ws-from-settings");

        var id = await WorkstationIdentity.GetOrRegisterAsync(Alice, store, Server.BaseAddress.AbsoluteUri, "silo");

        Assert.Equal("ws-from-settings", id);
        Assert.Empty(await Alice.ListWorkstationsAsync());
    }

    [Fact]
    public async Task GetOrRegisterAsync_StoreLost_GetsSameIdBack()
    {
        var first = await WorkstationIdentity.GetOrRegisterAsync(Alice, new FileWorkstationIdStore(_file), Server.BaseAddress.AbsoluteUri, "silo");
        File.Delete(_file);

        var second = await WorkstationIdentity.GetOrRegisterAsync(Alice, new FileWorkstationIdStore(_file), Server.BaseAddress.AbsoluteUri, "silo");

        Assert.Equal(first, second);
        Assert.Single(await Alice.ListWorkstationsAsync());
    }
}
