using Silo.Client;
using Silo.Client.Http;
using Silo.Client.Workstations;
using Silo.Cli.Config;
using Silo.Cli.Output;
using Silo.Cli.Workspace;

namespace Silo.Cli.Commands;

/// <summary>What one command run needs: the console, the config, the workspace and a client for the saved server.</summary>
internal sealed class CommandContext(CliConsole console, Func<string, string?> environment, string? workspaceOption) : IAsyncDisposable
{
    private readonly List<StandaloneSiloClient> _clients = [];
    private CliConfig? _config;
    private ISiloClient? _client;

    public CliConsole Console { get; } = console;

    public Func<string, string?> Environment { get; } = environment;

    public ConfigStore ConfigStore { get; } = new(ConfigStore.ResolvePath(environment));

    public string? WorkspaceOption { get; } = workspaceOption;

    public async Task<CliConfig> RequireConfigAsync(CancellationToken ct) =>
        _config ??= await ConfigStore.LoadAsync(ct)
            ?? throw new CliException(ExitCodes.NotLoggedIn, $"not logged in (no {ConfigStore.Path}); run 'silo login SERVER_URL'");

    public async Task<ISiloClient> ClientAsync(CancellationToken ct)
    {
        if (_client is not null) return _client;
        var config = await RequireConfigAsync(ct);
        if (!Uri.TryCreate(config.Server, UriKind.Absolute, out var server))
            throw new CliException(ExitCodes.NotLoggedIn, $"the server '{config.Server}' in {ConfigStore.Path} is not a URL; run 'silo login' again");
        return _client = CreateClient(server, config.Token);
    }

    public ISiloClient CreateClient(Uri server, string token)
    {
        var client = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = server;
            o.Token = token;
            // Uploads and downloads of large CAD files run inside one request; the library's
            // 100 s would cut them off.
            o.Timeout = TimeSpan.FromMinutes(30);
            o.MaxRetries = 2;
        });
        _clients.Add(client);
        return client.Client;
    }

    /// <summary>
    /// silo's own workstation on the server ("host (silo)"), registered on first use. The one silo
    /// once shared with the workbench on this machine is left to the workbench, and the user is told
    /// once what it follows, to follow again here what they want.
    /// </summary>
    public async Task<string> WorkstationAsync(CancellationToken ct)
    {
        var config = await RequireConfigAsync(ct);
        var client = await ClientAsync(ct);
        var store = new FileWorkstationIdStore(ConfigStore.WorkstationIdPath);
        var shared = await store.GetAsync(ct) is null ? await new FileWorkstationIdStore(ConfigStore.SharedWorkstationIdPath).GetAsync(ct) : null;
        var id = await WorkstationIdentity.GetOrRegisterAsync(client, store, config.Server, ClientName, ct);
        if (shared is not null)
        {
            var followed = await FollowedByAsync(client, shared, ct);
            File.Delete(ConfigStore.SharedWorkstationIdPath);
            Console.Warn($"silo now has a workstation of its own, '{WorkstationFingerprint.Name(ClientName)}', apart from FreeCAD's" +
                (followed.Count == 0 ? "" : $"; what the shared one follows stays with FreeCAD ({string.Join(", ", followed.Select(f => $"{f.Type} {f.Target}"))}): " +
                    "follow here what you want with 'silo subscribe'"));
        }
        return id;
    }

    /// <summary>What a workstation follows; nothing when it is gone or belongs to another user (a token for another account).</summary>
    private static async Task<IReadOnlyList<Silo.Protocol.Subscriptions.Subscription>> FollowedByAsync(ISiloClient client, string workstation, CancellationToken ct)
    {
        try
        {
            return await client.ListSubscriptionsAsync(workstation, ct);
        }
        catch (Exception e) when (e is Silo.Client.Errors.NotFoundException or Silo.Client.Errors.AuthException)
        {
            return [];
        }
    }

    /// <summary>The client part of silo's workstation ("vm (silo)").</summary>
    public const string ClientName = "silo";

    public async Task<string> WorkspaceRootAsync(CancellationToken ct)
    {
        var configured = (await ConfigStore.LoadAsync(ct))?.Workspace;
        return WorkspacePaths.ResolveRoot(WorkspaceOption, configured, Environment);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        return ValueTask.CompletedTask;
    }
}
