using System.Text.Json;
using Silo.Client.Http;
using Silo.Client.Workstations;
using Silo.Testing;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;

namespace SiloMod.Core.Tests.Workbench;

/// <summary>The workbench registers a workstation of its own, apart from the silo command on the same machine.</summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class WorkbenchIdentityTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly TempFolder _temp = new();
    private SiloTestServer _server = null!;
    private StandaloneSiloClient _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        var token = await _server.CreateUserAsync("alice", "editor");
        _alice = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = token;
        });
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ResolveAsync_NewMachine_RegistersAWorkstationNamedForFreeCad()
    {
        var identity = await WorkbenchIdentity.ResolveAsync(_alice.Client, _server.BaseAddress, _temp.Path);

        Assert.Equal("alice", identity.User);
        var workstation = Assert.Single(await _alice.Client.ListWorkstationsAsync());
        Assert.Equal(identity.WorkstationId, workstation.Id);
        Assert.Equal($"{Environment.MachineName} (FreeCAD)", workstation.Name);
    }

    [Fact]
    public async Task ResolveAsync_SiloCommandOnTheSameMachine_IsAnotherWorkstation()
    {
        var silo = await WorkstationIdentity.RegisterAsync(_alice.Client, _server.BaseAddress.ToString(), "silo");

        var identity = await WorkbenchIdentity.ResolveAsync(_alice.Client, _server.BaseAddress, _temp.Path);

        Assert.NotEqual(silo.Id, identity.WorkstationId);
        Assert.Equal(2, (await _alice.Client.ListWorkstationsAsync()).Count);
    }

    [Fact]
    public async Task ResolveAsync_IdentityFromBeforeWorkstationsWerePerClient_GoesOnBeingUsed()
    {
        // As an older workbench left it: the workstation it shared with silo, named after the host.
        var shared = await _alice.Client.RegisterWorkstationAsync(Environment.MachineName, new string('b', 64));
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "identity.json"), JsonSerializer.Serialize(
            new { ServerUrl = _server.BaseAddress.ToString(), User = "alice", WorkstationId = shared.Id }));

        var identity = await WorkbenchIdentity.ResolveAsync(_alice.Client, _server.BaseAddress, _temp.Path);

        Assert.Equal(shared.Id, identity.WorkstationId);
        Assert.Single(await _alice.Client.ListWorkstationsAsync());
    }
}
