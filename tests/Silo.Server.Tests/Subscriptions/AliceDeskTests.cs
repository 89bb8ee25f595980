using Silo.Testing;

namespace Silo.Server.Tests.Subscriptions;

/// <summary>
/// The ground the subscription and sync tests stand on: a fresh server, the editors alice and bob,
/// and alice's workstation registered. Items come from <see cref="SeedAsync"/> before the users.
/// </summary>
public abstract class AliceDeskTests : IAsyncLifetime
{
    protected SiloTestServer Server { get; private set; } = null!;
    protected HttpClient Alice { get; private set; } = null!;
    protected HttpClient Bob { get; private set; } = null!;
    protected string Ws { get; private set; } = "";

    protected virtual Task SeedAsync(SiloTestServer server) => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Server = await SiloTestServer.StartAsync();
        await SeedAsync(Server);
        Alice = Server.Client(await Server.CreateUserAsync("alice", "editor"));
        Bob = Server.Client(await Server.CreateUserAsync("bob", "editor"));
        Ws = await TestWorkstations.RegisterAsync(Alice, "alice-desk");
    }

    public async Task DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        await Server.DisposeAsync();
    }
}
