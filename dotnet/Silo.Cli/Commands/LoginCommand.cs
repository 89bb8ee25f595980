using System.CommandLine;
using Silo.Cli.Config;
using Silo.Cli.Output;
using Spectre.Console;

namespace Silo.Cli.Commands;

internal static class LoginCommand
{
    public static Command Create(GlobalOptions global)
    {
        var server = new Argument<string>("server") { Description = "The Silo server's address, e.g. https://silo.example.com" };
        var token = new Option<string?>("--token", "-t")
        {
            Description = "Your bearer token; when left out it is read from standard input (or asked for on a terminal), so it stays out of the shell history",
        };
        var command = new Command("login", "Check a server address and token, and save them in your config (readable by you only)") { server, token };
        command.SetBody(global, (parse, context, ct) => RunAsync(context, parse.GetValue(server)!, parse.GetValue(token), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string serverText, string? token, CancellationToken ct)
    {
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            throw new CliException(ExitCodes.Usage, $"'{serverText}' is not an http:// or https:// address");
        token = (token ?? await ReadTokenAsync(context, ct))?.Trim();
        if (string.IsNullOrEmpty(token)) throw new CliException(ExitCodes.Usage, "no token given (use --token or pipe it to standard input)");

        // Verified before saving: a typo in the token should fail here, not at the next checkout.
        var me = await context.CreateClient(server, token).GetCurrentUserAsync(ct);

        var store = context.ConfigStore;
        var previous = await TryLoadAsync(store, ct);
        var workspace = context.WorkspaceOption is { Length: > 0 } chosen ? Path.GetFullPath(chosen) : previous?.Workspace;
        await store.SaveAsync(new CliConfig(server.ToString(), token, workspace, me.Username), ct);
        // The workstation id belongs to one server; another server must register this machine anew.
        if (previous is not null && !string.Equals(previous.Server, server.ToString(), StringComparison.Ordinal))
        {
            File.Delete(store.WorkstationIdPath);
            File.Delete(store.SharedWorkstationIdPath);
        }

        context.Console.Line($"Logged in to {server} as {me.Username} ({me.Role}); saved to {store.Path}");
        return ExitCodes.Ok;
    }

    private static async Task<string?> ReadTokenAsync(CommandContext context, CancellationToken ct)
    {
        if (!Console.IsInputRedirected && context.Console.Interactive)
            return await new TextPrompt<string>("Token:").Secret().ShowAsync(context.Console.Ansi, ct);
        return await Console.In.ReadLineAsync(ct);
    }

    /// <summary>A broken old config must not stop the login that replaces it.</summary>
    private static async Task<CliConfig?> TryLoadAsync(ConfigStore store, CancellationToken ct)
    {
        try
        {
            return await store.LoadAsync(ct);
        }
        catch (CliException)
        {
            return null;
        }
    }
}
