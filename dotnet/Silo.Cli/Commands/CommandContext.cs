using Silo.Client;
using Silo.Client.Http;
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
