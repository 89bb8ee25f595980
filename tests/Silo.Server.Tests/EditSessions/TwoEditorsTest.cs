using Silo.Testing;

namespace Silo.Server.Tests.EditSessions;

/// <summary>A server with item PRT-100 and two editors, alice and bob, each on a workstation of their own.</summary>
public abstract class TwoEditorsTest : IAsyncLifetime
{
    protected SiloTestServer Server { get; private set; } = null!;

    protected Editor Alice { get; private set; } = null!;

    protected Editor Bob { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await SiloTestServer.StartAsync();
        await Server.CreateItemAsync("PRT-100");
        Alice = await Server.CreateEditorAsync("alice");
        Bob = await Server.CreateEditorAsync("bob");
    }

    public async Task DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        await Server.DisposeAsync();
    }
}
