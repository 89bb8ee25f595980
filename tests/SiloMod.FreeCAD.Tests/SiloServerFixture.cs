using Silo.Testing;

namespace SiloMod.FreeCAD.Tests;

/// <summary>
/// The real Silo server with three users for the multi-workstation tests (alice edits, bob is
/// blocked, carol subscribes). Use as <c>IClassFixture&lt;SiloServerFixture&gt;</c> and pass
/// <see cref="Options"/> to <see cref="FreeCadProcess.RunAsync"/>.
/// </summary>
public sealed class SiloServerFixture : IAsyncLifetime
{
    public static readonly string[] Users = ["alice", "bob", "carol"];

    private SiloTestServer? _server;

    public SiloTestServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public IReadOnlyDictionary<string, string> Tokens { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        // The test server's clock stands still at a fixed date; the dialogs and panes in the
        // screenshots show server times ("Started: …"), so move it to the wall clock once.
        var behind = DateTimeOffset.UtcNow - _server.Clock.GetUtcNow();
        if (behind > TimeSpan.Zero) _server.Clock.Advance(behind);
        var tokens = new Dictionary<string, string>();
        foreach (var user in Users) tokens[user] = await _server.CreateUserAsync(user, "editor");
        Tokens = tokens;
    }

    /// <summary>FreeCAD options that make the script connect as <paramref name="user"/>.</summary>
    public FreeCadOptions Options(string user, FreeCadOptions? baseOptions = null) =>
        (baseOptions ?? new FreeCadOptions()) with { ServerUrl = Server.BaseAddress, Token = Tokens[user], User = user };

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
